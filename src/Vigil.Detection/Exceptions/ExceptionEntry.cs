namespace Vigil.Detection.Exceptions;

/// <summary>
/// One condition of an exception item. <see cref="Type"/> is match, match_any, wildcard, exists, list or nested;
/// <see cref="Excluded"/> is the <c>excluded</c> operator (is not / does not exist / ...). Nested entries hold their
/// conditions in <see cref="Entries"/>, with fields relative to <see cref="Field"/>.
/// </summary>
public sealed record ExceptionEntry(
    string Type,
    string Field,
    bool Excluded,
    IReadOnlyList<string> Values,
    IReadOnlyList<ExceptionEntry> Entries,
    string? ListId);
