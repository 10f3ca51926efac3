using System.Text.Json;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Tests.Prefilter;

/// <summary>
/// A deliberately plain evaluator of the predicate subset the property tests generate, over a parsed JSON line. It
/// is as permissive as ES's semantics allow (a missing field fails every atom; a keyword compares a number by its
/// text; case-insensitive comparison folds each character both ways like Java's equalsIgnoreCase), so that the
/// prefilter is tested against every line a real engine could match.
/// </summary>
internal static class ReferenceEvaluator
{
    public static bool Evaluate(Expression expression, JsonElement root) => expression switch
    {
        LogicalExpression { Operator: LogicalOperator.And } a => Evaluate(a.Left, root) && Evaluate(a.Right, root),
        LogicalExpression { Operator: LogicalOperator.Or } o => Evaluate(o.Left, root) || Evaluate(o.Right, root),
        NotExpression n => !Evaluate(n.Operand, root),
        ComparisonExpression { Left: FieldReference f, Right: StringLiteral s } c => c.Operator switch
        {
            ComparisonOperator.Equal => Values(root, f.Path).Any(v => v == s.Value),
            ComparisonOperator.NotEqual => Values(root, f.Path).Any(v => v != s.Value),
            _ => throw new NotSupportedException(c.ToString()),
        },
        InExpression { Value: FieldReference f } i => i.IsNegated
            ? Values(root, f.Path).Any(v => !i.Set.Any(m => Same(v, ((StringLiteral)m).Value, i.IsCaseInsensitive)))
            : Values(root, f.Path).Any(v => i.Set.Any(m => Same(v, ((StringLiteral)m).Value, i.IsCaseInsensitive))),
        PatternExpression { Value: FieldReference f } p => Values(root, f.Path)
            .Any(v => p.Patterns.Any(m => Wildcard(v, 0, ((StringLiteral)m).Value, 0, p.IsCaseInsensitive))),
        FunctionCall { Arguments: [FieldReference f, StringLiteral s] } call => Values(root, f.Path)
            .Any(v => StringFunction(call.Name, v, s.Value, call.IsCaseInsensitive)),
        _ => throw new NotSupportedException(expression.ToString()),
    };

    private static bool StringFunction(string name, string value, string argument, bool ignoreCase)
    {
        for (var start = 0; start + argument.Length <= value.Length; start++)
        {
            var atStart = start == 0;
            var atEnd = start + argument.Length == value.Length;
            var wanted = name switch
            {
                "startsWith" => atStart,
                "endsWith" => atEnd,
                _ => true,
            };
            if (wanted && Same(value.Substring(start, argument.Length), argument, ignoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Same(string a, string b, bool ignoreCase)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (var i = 0; i < a.Length; i++)
        {
            if (!SameChar(a[i], b[i], ignoreCase))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameChar(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && (char.ToUpperInvariant(a) == char.ToUpperInvariant(b)
                                  || char.ToLowerInvariant(a) == char.ToLowerInvariant(b)));

    /// <summary><c>*</c> any run, <c>?</c> any one character, everything else itself.</summary>
    private static bool Wildcard(string value, int vi, string pattern, int pi, bool ignoreCase)
    {
        while (pi < pattern.Length)
        {
            var p = pattern[pi];
            if (p == '*')
            {
                for (var skip = vi; skip <= value.Length; skip++)
                {
                    if (Wildcard(value, skip, pattern, pi + 1, ignoreCase))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (vi >= value.Length || (p != '?' && !SameChar(value[vi], p, ignoreCase)))
            {
                return false;
            }
            vi++;
            pi++;
        }
        return vi == value.Length;
    }

    /// <summary>The string values at a dotted path, through nested objects and dotted keys alike.</summary>
    private static List<string> Values(JsonElement root, string path)
    {
        var found = new List<string>();
        Collect(root, path, found);
        return found;
    }

    private static void Collect(JsonElement element, string path, List<string> found)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == path)
            {
                AddLeaves(property.Value, found);
            }
            else if (path.StartsWith(property.Name + ".", StringComparison.Ordinal))
            {
                Collect(property.Value, path[(property.Name.Length + 1)..], found);
            }
        }
    }

    private static void AddLeaves(JsonElement value, List<string> found)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                found.Add(value.GetString()!);
                break;
            case JsonValueKind.Number:
                found.Add(value.GetRawText());
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddLeaves(item, found);
                }
                break;
        }
    }
}
