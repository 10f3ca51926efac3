using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>
/// The Endgame (Python EQL) dialect's part of the expression compiler: its functions, array indexes and bound
/// variables (read from the event's JSON tree, see <see cref="EventDocument"/>), <c>==</c> with a wildcard, and
/// lineage. Null and type rules follow endgameinc/eql's eql/functions.py and eql/engine.py: a function given a
/// value of the wrong type returns null, and with case folding on every string comparison folds case.
/// </summary>
internal sealed partial class ExpressionCompiler
{
    private readonly List<string> boundVariables = [];

    /// <summary>Lineage trackers created while compiling, in the order their steps must run on each event.</summary>
    public List<ILineageStep> LineageSteps { get; } = [];

    private bool EndgameIgnoresCase => options.EndgameDialect && options.CaseInsensitiveEquality;

    private bool IsTreePath(FieldReference field) =>
        RequireBound(field).Path.Contains('[', StringComparison.Ordinal) || boundVariables.Contains(FieldPath.Parse(field.Path)[0].Name!);

    /// <summary>A <c>$x</c> path must start at a variable in scope; the Python engine would read an event field instead.</summary>
    private FieldReference RequireBound(FieldReference field)
    {
        if (field.IsVariable && !boundVariables.Contains(FieldPath.Parse(field.Path)[0].Name!))
        {
            throw new EqlCompileException(
                $"'${field.Path}' names no variable in scope (a $ name is bound by arraySearch or arrayCount, as in arraySearch(a, $x, $x.name == \"b\"))",
                field.Span);
        }
        return field;
    }

    /// <summary>A field read from the JSON tree: an indexed path, or a path from a bound variable.</summary>
    private EqlEvaluator TreeField(string path)
    {
        var element = TreeElement(path);
        var foldCase = EndgameIgnoresCase;
        return context => EndgameValues.ToValue(element(context), foldCase);
    }

    // The JSON element a path names (undefined when absent), from the event or from a bound variable.
    private Func<EvalContext, JsonElement> TreeElement(string path)
    {
        var segments = FieldPath.Parse(path);
        var variable = segments[0].Name is { } first ? boundVariables.LastIndexOf(first) : -1;
        if (variable >= 0)
        {
            var rest = segments.Skip(1).ToArray();
            return context => FieldPath.Walk(context.Variables[variable], rest);
        }
        return context => FieldPath.Walk(context.Root, segments);
    }

    /// <summary>
    /// A leaf in boolean context with Python's truthiness (eql/engine.py <c>to_bool_or_null</c>): a non-empty string,
    /// a non-zero number, a non-empty array or object is true; null stays null. A bare field is read from the tree,
    /// so that an object field (<c>where mysterious_field and ...</c>) tests as present.
    /// </summary>
    private EqlEvaluator EndgameTruthLeaf(Expression expression)
    {
        if (expression is FieldReference field && !fields.IsUnmappedOptional(field))
        {
            var element = TreeElement(RequireBound(field).Path);
            return context => EndgameValues.Truth(element(context));
        }
        var leaf = CompileLeaf(expression);
        return context => EndgameValues.Truth(leaf(context));
    }

    private EqlEvaluator? EndgameWildcardComparison(ComparisonExpression comparison, List<int> slots)
    {
        // The Python engine turns x == "a*b" (either side) into wildcard(x, "a*b"), and != into its negation.
        if (comparison.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            return null;
        }
        var (other, pattern) = comparison.Right is StringLiteral right && right.Value.Contains('*', StringComparison.Ordinal)
            ? (comparison.Left, right.Value)
            : comparison.Left is StringLiteral left && left.Value.Contains('*', StringComparison.Ordinal)
                ? (comparison.Right, left.Value)
                : (null, null);
        if (other is null || pattern is null)
        {
            return null;
        }
        var value = CompileValue(other, slots);
        var glob = new[] { new EndgameWildcard(pattern, EndgameIgnoresCase) };
        var negate = comparison.Operator == ComparisonOperator.NotEqual;
        return context =>
        {
            var result = EndgameWildcard.MatchAny(value(context), glob);
            return negate && !result.IsNull ? EqlValue.FromBoolean(!result.AsBoolean) : result;
        };
    }

    private EqlEvaluator? EndgameFunction(FunctionCall call, List<int> slots)
    {
        var args = call.Arguments;
        var foldCase = EndgameIgnoresCase || call.IsCaseInsensitive;
        switch (call.Name.ToLowerInvariant())
        {
            case "arraycontains":
            {
                EndgameArity(call, 2, int.MaxValue);
                var array = ArrayElement(args[0], call);
                var values = args.Skip(1).Select(a => CompileValue(a, slots)).ToArray();
                return context => EndgameValues.ArrayContains(array(context), values, context, foldCase);
            }
            case "arraysearch":
            case "arraycount":
            {
                EndgameArity(call, 3, 3);
                if (args[1] is not FieldReference { IsOptional: false } variable || variable.Path.Contains('.', StringComparison.Ordinal)
                    || variable.Path.Contains('[', StringComparison.Ordinal))
                {
                    throw new EqlCompileException($"{call.Name}() needs a variable name as its second argument, as in {call.Name}(array, x, x.name == \"a\")", args[1].Span);
                }
                var array = ArrayElement(args[0], call);
                boundVariables.Add(variable.Path);
                var index = boundVariables.Count - 1;
                EqlEvaluator body;
                try
                {
                    body = CompileCondition(args[2]);
                }
                finally
                {
                    boundVariables.RemoveAt(boundVariables.Count - 1);
                }
                var counting = call.Name.Equals("arrayCount", StringComparison.OrdinalIgnoreCase);
                return context => EndgameValues.SearchArray(array(context), index, body, context, counting);
            }
            case "safe":
            {
                EndgameArity(call, 1, 1);
                // The Python engine swallows exceptions; here evaluation does not throw, so safe(x) is x.
                return CompileValue(args[0], slots);
            }
            case "wildcard":
            {
                EndgameArity(call, 2, int.MaxValue);
                var value = CompileValue(args[0], slots);
                var patterns = LiteralStrings(call, 1).Select(p => new EndgameWildcard(p, foldCase)).ToArray();
                return context => EndgameWildcard.MatchAny(value(context), patterns);
            }
            case "match":
            case "matchlite":
            {
                EndgameArity(call, 2, int.MaxValue);
                // Python's match(): the patterns joined by '|' and matched at the start (re.match), not the whole text.
                var source = args[0] is StringLiteral && args.Count == 2 && args[1] is not StringLiteral ? args[1] : args[0];
                var patternArgs = ReferenceEquals(source, args[1]) ? new[] { ((StringLiteral)args[0]).Value } : LiteralStrings(call, 1).ToArray();
                var value = CompileValue(source, slots);
                Regex regex;
                try
                {
                    var regexOptions = RegexOptions.CultureInvariant | (foldCase ? RegexOptions.IgnoreCase : RegexOptions.None);
                    regex = new Regex(@"\G(?:" + string.Join('|', patternArgs) + ")", regexOptions, RegexTimeout);
                }
                catch (ArgumentException error)
                {
                    throw new EqlCompileException($"invalid regular expression in {call.Name}(): {error.Message}", call.Span);
                }
                return context =>
                {
                    var v = value(context);
                    if (!v.IsText)
                    {
                        return EqlValue.Null;
                    }
                    try
                    {
                        return EqlValue.FromBoolean(regex.IsMatch(v.ToText()!));
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return EqlValue.Null;
                    }
                };
            }
            case "length":
            {
                EndgameArity(call, 1, 1);
                if (args[0] is FieldReference)
                {
                    var element = ArrayElement(args[0], call);
                    return context => EndgameValues.Length(element(context));
                }
                var value = CompileValue(args[0], slots);
                return context => value(context) is { IsText: true } v ? EqlValue.FromLong(v.ToText()!.Length) : EqlValue.Null;
            }
            case "number":
            {
                EndgameArity(call, 1, 2);
                var source = CompileValue(args[0], slots);
                var numberBase = args.Count > 1 ? CompileValue(args[1], slots) : static _ => EqlValue.Null;
                return context => EndgameValues.Number(source(context), numberBase(context));
            }
            case "between":
            {
                EndgameArity(call, 3, 4);
                var (a, b, c) = (CompileValue(args[0], slots), CompileValue(args[1], slots), CompileValue(args[2], slots));
                var d = args.Count > 3 ? CompileValue(args[3], slots) : static _ => EqlValue.False;
                return context => EndgameValues.Between(a(context), b(context), c(context), d(context), foldCase);
            }
            default:
                return null;
        }
    }

    // An argument that names an array (or object): read from the JSON tree, or undefined for anything else.
    private Func<EvalContext, JsonElement> ArrayElement(Expression argument, FunctionCall call) => argument switch
    {
        FieldReference field => TreeElement(RequireBound(field).Path),
        _ => throw new EqlCompileException($"{call.Name}() needs a field as its first argument", argument.Span),
    };

    private static IEnumerable<string> LiteralStrings(FunctionCall call, int from)
    {
        for (var i = from; i < call.Arguments.Count; i++)
        {
            yield return call.Arguments[i] is StringLiteral literal
                ? literal.Value
                : throw new EqlCompileException($"{call.Name}() needs string constants after its first argument", call.Arguments[i].Span);
        }
    }

    private static void EndgameArity(FunctionCall call, int min, int max)
    {
        var count = call.Arguments.Count;
        if (count < min || count > max)
        {
            var expected = max == int.MaxValue ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
            throw new EqlCompileException($"{call.Name}() takes {expected} arguments, got {count}", call.Span);
        }
    }

    private EqlEvaluator Lineage(LineageExpression lineage)
    {
        var tracker = new LineageTracker(lineage.Kind, options.Lineage, fields, options);
        LineageSteps.Add(tracker.UpdateStep);
        // The nested query is compiled after the tracker's update step and before its match step, so nested trackers
        // see each event in between, as the Python engine registers its callbacks.
        var condition = CompileTruth(lineage.Query.Condition);
        tracker.SetSource(lineage.Query.Category, condition);
        LineageSteps.Add(tracker.MatchStep);
        return tracker.IsMember;
    }
}
