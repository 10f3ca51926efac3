namespace Vigil.Rules;

/// <summary>Which kind of file a rule was read from.</summary>
public enum RuleSourceFormat
{
    /// <summary>Built in code.</summary>
    None,

    /// <summary>An elastic/detection-rules TOML file.</summary>
    Toml,

    /// <summary>A Kibana rule export (NDJSON).</summary>
    KibanaNdjson,

    /// <summary>A bare <c>.eql</c> query file.</summary>
    Eql,
}
