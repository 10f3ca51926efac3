namespace Vigil.Server.Alerts.Search;

/// <summary>A request Elasticsearch would refuse: <see cref="Type"/> is its error type (<c>parsing_exception</c>, …), the message names the bad part.</summary>
public sealed class DslException(string type, string reason) : Exception(reason)
{
    public string Type { get; } = type;
}
