namespace Vigil.Eql.Semantics;

/// <summary>Which argument an error is about, as Elasticsearch words it.</summary>
internal enum Ordinal
{
    None,
    First,
    Second,
    Third,
    Fourth,
    Fifth,
}

/// <summary>Argument-position words for messages.</summary>
internal static class Ordinals
{
    /// <summary>Positions past the fifth are named without an ordinal, as Elasticsearch does.</summary>
    public static Ordinal Positional(int index) => index switch
    {
        0 => Ordinal.First,
        1 => Ordinal.Second,
        2 => Ordinal.Third,
        3 => Ordinal.Fourth,
        4 => Ordinal.Fifth,
        _ => Ordinal.None,
    };

    /// <summary><c>"first "</c>, <c>"second "</c>... or empty.</summary>
    public static string Prefix(Ordinal ordinal) => ordinal switch
    {
        Ordinal.First => "first ",
        Ordinal.Second => "second ",
        Ordinal.Third => "third ",
        Ordinal.Fourth => "fourth ",
        Ordinal.Fifth => "fifth ",
        _ => string.Empty,
    };

    /// <summary><c>1st</c>, <c>2nd</c>, <c>3rd</c>, <c>11th</c>, <c>22nd</c>...</summary>
    public static string Numbered(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        };
        return n + suffix;
    }
}
