using System.Text.Json;

namespace Vigil.Rules.Guides;

/// <summary>A scalar read from an alert: its text and its JSON kind (String, Number, True or False).</summary>
public readonly record struct AlertValue(string Text, JsonValueKind Kind)
{
    /// <summary>True for JSON numbers, whose text is a valid SQL numeric literal as it stands.</summary>
    public bool IsNumber => Kind == JsonValueKind.Number;
}
