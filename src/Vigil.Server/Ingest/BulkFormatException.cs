namespace Vigil.Server.Ingest;

/// <summary>
/// A request body that cannot be split into actions and documents at all (malformed action line, missing final line
/// feed, …): Elasticsearch refuses the whole request with 400, naming the line, and so does Vigil.
/// </summary>
public sealed class BulkFormatException(string type, string reason) : Exception(reason)
{
    /// <summary>Elasticsearch's error type (<c>illegal_argument_exception</c>, <c>x_content_parse_exception</c>, …).</summary>
    public string Type { get; } = type;
}
