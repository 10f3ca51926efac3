using System.Text;
using System.Text.Json.Nodes;
using Vigil.Eql.Syntax;

namespace Vigil.Detection.Explain;

/// <summary>
/// Says in plain words why a condition did not hold for an event, with the event's actual values, e.g.
/// <c>process.name "Cat" != "cat" (== is case-sensitive; use : for case-insensitive)</c>. Which part of a negated
/// <c>or</c> held (and which CIDR of a <c>cidrmatch</c>) is found with the <see cref="ConditionProbe"/>, never by
/// re-evaluating EQL here.
/// </summary>
public sealed class ConditionDescriber
{
    private const int SetItemsShown = 3;
    private readonly ConditionProbe _probe;

    public ConditionDescriber(ConditionProbe probe) => _probe = probe;

    /// <summary>Why <paramref name="condition"/> is false for the event at <paramref name="index"/>.</summary>
    public string WhyFalse(Expression condition, JsonObject? ev, int index)
    {
        switch (condition)
        {
            case ComparisonExpression { Left: FieldReference field } c when IsLiteral(c.Right):
                return Compare(field, c.Operator, c.Right, ev);
            case InExpression { Value: FieldReference field } inExpr:
                return In(field, inExpr, ev);
            case NotExpression not:
                return WhyTrue(not.Operand, ev, index);
            case LogicalExpression { Operator: LogicalOperator.Or }:
                return $"none of these holds: {Print(condition)}{Values(condition, ev)}";
            case PatternExpression { Value: FieldReference field } p:
                return Missing(field, ev) ?? $"{field.Path} {Value(field, ev)} does not match {PatternText(p)}";
            case FunctionCall { Name: var name, Arguments: [FieldReference field, ..] } f when name.Equals("cidrmatch", StringComparison.OrdinalIgnoreCase):
                return Missing(field, ev) ?? $"{field.Path} {Value(field, ev, quote: false)} is in none of {Truncate(f.Arguments.Skip(1))} (cidrmatch)";
            default:
                return $"{Print(condition)} is false{Values(condition, ev)}";
        }
    }

    /// <summary>Why <paramref name="condition"/> is true (for a negated condition that failed).</summary>
    public string WhyTrue(Expression condition, JsonObject? ev, int index)
    {
        if (condition is LogicalExpression { Operator: LogicalOperator.Or })
        {
            foreach (var part in Disjuncts(condition))
            {
                if (_probe.Holds(null, part)[index])
                {
                    return WhyTrue(part, ev, index);
                }
            }
        }
        switch (condition)
        {
            case ComparisonExpression { Operator: ComparisonOperator.Equal, Left: FieldReference field, Right: NullLiteral }:
                return Missing(field, ev) ?? $"{field.Path} is null";
            case ComparisonExpression { Left: FieldReference field } c when IsLiteral(c.Right):
                return $"{field.Path} {Value(field, ev)} {Symbol(c.Operator)} {Print(c.Right)}";
            case InExpression { Value: FieldReference field } inExpr:
                return $"{field.Path} {Value(field, ev)} is {(inExpr.IsNegated ? "not " : "")}one of {Truncate(inExpr.Set)}";
            case FunctionCall { Name: var name, Arguments: [FieldReference field, ..] } f when name.Equals("cidrmatch", StringComparison.OrdinalIgnoreCase):
                foreach (var cidr in f.Arguments.Skip(1))
                {
                    var single = f with { Arguments = ValueList.Of<Expression>(field, cidr) };
                    if (_probe.Holds(null, single)[index])
                    {
                        return $"{field.Path} {Value(field, ev, quote: false)} is in {Unquoted(cidr)} (cidrmatch)";
                    }
                }
                return $"{field.Path} {Value(field, ev, quote: false)} is in one of {Truncate(f.Arguments.Skip(1))} (cidrmatch)";
            case PatternExpression { Value: FieldReference field } p:
                return $"{field.Path} {Value(field, ev)} matches {PatternText(p)}";
            case NotExpression not:
                return WhyFalse(not.Operand, ev, index);
            default:
                return $"{Print(condition)} is true{Values(condition, ev)}";
        }
    }

    private static string Compare(FieldReference field, ComparisonOperator op, Expression literal, JsonObject? ev)
    {
        var value = EventFields.Find(ev, field.Path, out var found);
        if (!found && literal is not NullLiteral)
        {
            return $"{field.Path} is missing (needs {Symbol(op)} {Print(literal)})";
        }
        var shown = EventFields.Format(value);
        if (op == ComparisonOperator.Equal)
        {
            if (literal is StringLiteral s && value is JsonValue v && v.TryGetValue<string>(out var text) && string.Equals(text, s.Value, StringComparison.OrdinalIgnoreCase))
            {
                return $"{field.Path} {shown} != {Print(literal)} (== is case-sensitive; use : for case-insensitive)";
            }
            return $"{field.Path} {shown} != {Print(literal)}";
        }
        if (op == ComparisonOperator.NotEqual)
        {
            return $"{field.Path} {shown} == {Print(literal)}";
        }
        return $"{field.Path} {shown} is not {Symbol(op)} {Print(literal)}";
    }

    private static string In(FieldReference field, InExpression inExpr, JsonObject? ev)
    {
        if (Missing(field, ev) is { } missing && !inExpr.IsNegated)
        {
            return $"{missing} (needs one of {Truncate(inExpr.Set)})";
        }
        var value = EventFields.Find(ev, field.Path, out _);
        if (inExpr.IsNegated)
        {
            return $"{field.Path} {EventFields.Format(value)} is one of {Truncate(inExpr.Set)}";
        }
        var text = $"{field.Path} {EventFields.Format(value)} is not one of {Truncate(inExpr.Set)}";
        if (!inExpr.IsCaseInsensitive && value is JsonValue v && v.TryGetValue<string>(out var s)
            && inExpr.Set.Any(e => e is StringLiteral l && string.Equals(l.Value, s, StringComparison.OrdinalIgnoreCase)))
        {
            text += " (in is case-sensitive; use in~ for case-insensitive)";
        }
        return text;
    }

    private static IEnumerable<Expression> Disjuncts(Expression e) =>
        e is LogicalExpression { Operator: LogicalOperator.Or } or ? Disjuncts(or.Left).Concat(Disjuncts(or.Right)) : [e];

    private static string? Missing(FieldReference field, JsonObject? ev)
    {
        EventFields.Find(ev, field.Path, out var found);
        return found ? null : $"{field.Path} is missing";
    }

    private static string Value(FieldReference field, JsonObject? ev, bool quote = true) =>
        EventFields.Format(EventFields.Find(ev, field.Path, out var found), quote) is var s && found ? s : "(missing)";

    /// <summary>" (field = value, ...)" for the fields a condition reads.</summary>
    private static string Values(Expression condition, JsonObject? ev)
    {
        var fields = new List<string>();
        Collect(condition, fields);
        if (fields.Count == 0)
        {
            return "";
        }
        var sb = new StringBuilder(" (");
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            var value = EventFields.Find(ev, fields[i], out var found);
            sb.Append(fields[i]).Append(found ? " = " + EventFields.Format(value) : " missing");
        }
        return sb.Append(')').ToString();
    }

    private static void Collect(SyntaxNode node, List<string> fields)
    {
        switch (node)
        {
            case FieldReference f:
                if (!fields.Contains(f.Path)) fields.Add(f.Path);
                break;
            case NotExpression n: Collect(n.Operand, fields); break;
            case NegateExpression n: Collect(n.Operand, fields); break;
            case LogicalExpression l: Collect(l.Left, fields); Collect(l.Right, fields); break;
            case ComparisonExpression c: Collect(c.Left, fields); Collect(c.Right, fields); break;
            case ArithmeticExpression a: Collect(a.Left, fields); Collect(a.Right, fields); break;
            case InExpression i: Collect(i.Value, fields); foreach (var e in i.Set) Collect(e, fields); break;
            case PatternExpression p: Collect(p.Value, fields); break;
            case FunctionCall f: foreach (var e in f.Arguments) Collect(e, fields); break;
        }
    }

    private static bool IsLiteral(Expression e) => e is StringLiteral or IntegerLiteral or DecimalLiteral or BooleanLiteral or NullLiteral;

    private static string PatternText(PatternExpression p)
    {
        var op = p.Operator switch { PatternOperator.Colon => ":", PatternOperator.Like => "like", _ => "regex" };
        return $"{op}{(p.IsCaseInsensitive && p.Operator != PatternOperator.Colon ? "~" : "")} {Truncate(p.Patterns)}";
    }

    private static string Truncate(IEnumerable<Expression> items)
    {
        var list = items.ToList();
        var shown = list.Take(SetItemsShown).Select(Print).ToList();
        if (list.Count > SetItemsShown)
        {
            shown.Add("...");
        }
        return "(" + string.Join(", ", shown) + ")";
    }

    private static string Unquoted(Expression e) => e is StringLiteral s ? s.Value : Print(e);

    private static string Print(Expression e) => EqlPrinter.Print(e);

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        _ => ">=",
    };
}
