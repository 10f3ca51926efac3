using System.Collections.Frozen;

namespace Vigil.Eql.Semantics;

/// <summary>What a function argument must be (Elasticsearch's TypeResolutions checks).</summary>
internal enum ArgumentKind
{
    /// <summary>Any type with an exact value (not analysed text).</summary>
    Exact,
    /// <summary>A string with an exact value.</summary>
    String,
    Numeric,
    Integer,
    Boolean,
    /// <summary>An ip field with an exact value.</summary>
    Ip,
    /// <summary>A constant string (cidrMatch's CIDR blocks).</summary>
    ConstantString,
}

/// <summary>How a function names its arguments in errors: "argument of" (one-argument functions) or "first argument of".</summary>
internal enum OrdinalStyle
{
    None,
    Positional,
}

/// <summary>Name, arity and argument types of a built-in function.</summary>
internal sealed record FunctionSignature(
    EqlFunction Function,
    string Name,
    int MinArguments,
    int MaxArguments,
    string ArityText,
    bool SupportsCaseInsensitive,
    ArgumentKind[] Arguments,
    OrdinalStyle Ordinals,
    FieldType ReturnType)
{
    /// <summary>The kind of argument <paramref name="index"/>; the last kind repeats for variadic functions.</summary>
    public ArgumentKind KindOf(int index) => Arguments[Math.Min(index, Arguments.Length - 1)];

    private static readonly FunctionSignature[] All =
    [
        Arithmetic(EqlFunction.Add, "add"),
        Arithmetic(EqlFunction.Subtract, "subtract"),
        Arithmetic(EqlFunction.Multiply, "multiply"),
        Arithmetic(EqlFunction.Divide, "divide"),
        Arithmetic(EqlFunction.Modulo, "modulo"),
        new(EqlFunction.Between, "between", 3, 4, "three or four arguments", true,
            [ArgumentKind.String, ArgumentKind.String, ArgumentKind.String, ArgumentKind.Boolean],
            OrdinalStyle.Positional, FieldType.Keyword),
        new(EqlFunction.CidrMatch, "cidrmatch", 2, int.MaxValue, "at least two arguments", false,
            [ArgumentKind.Ip, ArgumentKind.ConstantString], OrdinalStyle.Positional, FieldType.Boolean),
        new(EqlFunction.Concat, "concat", 1, int.MaxValue, "at least one argument", false,
            [ArgumentKind.Exact], OrdinalStyle.None, FieldType.Keyword),
        new(EqlFunction.EndsWith, "endswith", 2, 2, "exactly two arguments", true,
            [ArgumentKind.String, ArgumentKind.String], OrdinalStyle.Positional, FieldType.Boolean),
        new(EqlFunction.IndexOf, "indexof", 2, 3, "two or three arguments", true,
            [ArgumentKind.String, ArgumentKind.String, ArgumentKind.Integer], OrdinalStyle.Positional, FieldType.Integer),
        new(EqlFunction.Length, "length", 1, 1, "exactly one argument", false,
            [ArgumentKind.String], OrdinalStyle.None, FieldType.Integer),
        new(EqlFunction.Number, "number", 1, 2, "one or two arguments", false,
            [ArgumentKind.String, ArgumentKind.Integer], OrdinalStyle.Positional, FieldType.Double),
        new(EqlFunction.StartsWith, "startswith", 2, 2, "exactly two arguments", true,
            [ArgumentKind.String, ArgumentKind.String], OrdinalStyle.Positional, FieldType.Boolean),
        new(EqlFunction.String, "string", 1, 1, "exactly one argument", false,
            [ArgumentKind.Exact], OrdinalStyle.None, FieldType.Keyword),
        new(EqlFunction.StringContains, "stringcontains", 2, 2, "exactly two arguments", true,
            [ArgumentKind.String, ArgumentKind.String], OrdinalStyle.Positional, FieldType.Boolean),
        new(EqlFunction.Substring, "substring", 2, 3, "two or three arguments", false,
            [ArgumentKind.String, ArgumentKind.Integer, ArgumentKind.Integer], OrdinalStyle.Positional, FieldType.Keyword),
    ];

    /// <summary>Signatures by lower-case name.</summary>
    public static readonly FrozenDictionary<string, FunctionSignature> ByName =
        All.ToFrozenDictionary(signature => signature.Name, StringComparer.Ordinal);

    private static FunctionSignature Arithmetic(EqlFunction function, string name) =>
        new(function, name, 2, 2, "exactly two arguments", false, [ArgumentKind.Numeric, ArgumentKind.Numeric],
            OrdinalStyle.Positional, FieldType.Long);
}
