namespace Vigil.Cli.Commands;

/// <summary>The arguments of `vigil guide`.</summary>
/// <param name="Alert">Alert JSON text, a file path, "-" for stdin, or null.</param>
/// <param name="Id">kibana.alert.uuid choosing one alert of several.</param>
/// <param name="RulesPath">Rules to take the current rule text from.</param>
/// <param name="RulePath">One rule to render.</param>
/// <param name="Language">Language tag of the localised guide wanted.</param>
/// <param name="Format">terminal, html or md.</param>
public sealed record GuideRequest(string? Alert, string? Id, string? RulesPath, string? RulePath, string? Language, string Format);
