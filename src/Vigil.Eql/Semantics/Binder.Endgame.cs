using System.Text.RegularExpressions;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Semantics;

/// <summary>
/// The Endgame dialect's functions and variables (eql/functions.py): arraySearch / arrayCount bind a variable whose
/// paths are not event fields, <c>$x</c> must name one, and the functions Elasticsearch lacks are checked for arity
/// and literal patterns here, as the compiler will need them.
/// </summary>
internal sealed partial class Binder
{
    private readonly List<string> boundVariables = [];

    /// <summary>The type of a variable path (unknown: arrays have no schema), or null for an event field.</summary>
    private FieldType? BindEndgameField(FieldReference field)
    {
        var path = field.Path;
        var end = path.AsSpan().IndexOfAny('.', '[');
        var first = end < 0 ? path : path[..end];
        if (boundVariables.Contains(first))
        {
            fieldTypes[field] = FieldType.Unknown;
            return FieldType.Unknown;
        }
        if (field.IsVariable)
        {
            Error(field, $"[${path}] names no variable in scope; a $ name is bound by arraySearch or arrayCount, as in arraySearch(a, $x, $x.name == \"b\")");
            fieldTypes[field] = FieldType.Unknown;
            return FieldType.Unknown;
        }
        return null;
    }

    /// <summary>A path's schema name: <c>a[0].b</c> is looked up as <c>a.b</c> (an array's elements share its mapping).</summary>
    private static string WithoutIndexes(string path) =>
        path.Contains('[', StringComparison.Ordinal) ? IndexPattern().Replace(path, "") : path;

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex IndexPattern();

    /// <summary>The result type of an Endgame-only function (or one whose Endgame form differs), or null for the common table.</summary>
    private FieldType? BindEndgameFunction(FunctionCall call)
    {
        var args = call.Arguments;
        switch (call.Name.ToLowerInvariant())
        {
            case "arraysearch":
            case "arraycount":
            {
                if (!EndgameArity(call, 3, 3))
                {
                    return FieldType.Unknown;
                }
                Bind(args[0]);
                if (args[1] is not FieldReference { IsOptional: false } variable || variable.Path.AsSpan().IndexOfAny('.', '[') >= 0)
                {
                    Error(args[1], $"[{call.Name}] needs a variable name as its second argument, as in {call.Name}(array, x, x.name == \"a\")");
                    return FieldType.Unknown;
                }
                expressionTypes[variable] = FieldType.Unknown;
                boundVariables.Add(variable.Path);
                try
                {
                    Bind(args[2]);
                }
                finally
                {
                    boundVariables.RemoveAt(boundVariables.Count - 1);
                }
                return call.Name.Equals("arraycount", StringComparison.OrdinalIgnoreCase) ? FieldType.Long : FieldType.Boolean;
            }
            case "arraycontains":
                return BindAll(call, 2, int.MaxValue) ? FieldType.Boolean : FieldType.Unknown;
            case "safe":
                return EndgameArity(call, 1, 1) ? Bind(args[0]) : FieldType.Unknown;
            case "wildcard":
                if (!BindAll(call, 2, int.MaxValue))
                {
                    return FieldType.Unknown;
                }
                for (var i = 1; i < args.Count; i++)
                {
                    if (args[i] is not StringLiteral)
                    {
                        Error(args[i], $"[{call.Name}] takes literal string patterns, found [{text.Of(args[i])}]");
                        return FieldType.Unknown;
                    }
                }
                return FieldType.Boolean;
            case "match":
            case "matchlite":
                if (!BindAll(call, 2, int.MaxValue))
                {
                    return FieldType.Unknown;
                }
                foreach (var pattern in args.Skip(1).OfType<StringLiteral>())
                {
                    try
                    {
                        _ = new Regex(pattern.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException error)
                    {
                        Error(pattern, $"invalid regular expression in [{call.Name}]: {error.Message}");
                        return FieldType.Unknown;
                    }
                }
                return FieldType.Boolean;
            case "length":
                // Strings, arrays and objects alike (Python's len).
                return BindAll(call, 1, 1) ? FieldType.Integer : FieldType.Unknown;
            case "between":
                return BindAll(call, 3, 4) ? FieldType.Keyword : FieldType.Unknown;
            default:
                return null;
        }
    }

    private bool BindAll(FunctionCall call, int min, int max)
    {
        foreach (var argument in call.Arguments)
        {
            Bind(argument);
        }
        return EndgameArity(call, min, max);
    }

    private bool EndgameArity(FunctionCall call, int min, int max)
    {
        var count = call.Arguments.Count;
        if (count >= min && count <= max)
        {
            return true;
        }
        var expected = min == max ? $"exactly {min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
        Error(call, $"[{call.Name}] expects {expected} argument{(max == 1 && min == 1 ? "" : "s")}, found [{count}]");
        return false;
    }
}
