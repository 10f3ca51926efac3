using System.Globalization;
using System.Text.Json.Nodes;
using NATS.Client.Core;
using Vigil.Cluster;
using Vigil.Detection.Alerts;
using Vigil.Server.Alerts;

namespace Vigil.Server.Cluster;

/// <summary>An alert as a stream message and back: the document's JSON as the body, shell and building-block marks as headers.</summary>
public static class AlertMessages
{
    public const string ShellHeader = "Vigil-Shell";
    public const string GroupHeader = "Vigil-Group";
    public const string IdHeader = "Vigil-Alert-Id";
    public const string KindHeader = "Vigil-Kind";

    /// <summary>The kind of a status change (a whole rewritten document, applied over the stored one).</summary>
    public const string UpdateKind = "update";

    /// <summary>
    /// A rewritten document (status, tags, assignees): every store replaces its copy, in stream order, so all end with
    /// the last change the stream took. Its message id is unique, so the duplicate window never drops a second change.
    /// </summary>
    public static (string Id, string Json, NatsHeaders? Headers) ToUpdateMessage(string id, string json) =>
        (id + "@" + Guid.NewGuid().ToString("N"), json, new NatsHeaders { [IdHeader] = id, [KindHeader] = UpdateKind });

    public static bool IsUpdate(StreamMessage m) => m.Header(KindHeader) == UpdateKind;

    public static (string Id, string Json, NatsHeaders? Headers) ToMessage(AlertDocument alert)
    {
        var headers = new NatsHeaders { [IdHeader] = alert.Id };
        if (alert.IsShell)
        {
            headers[ShellHeader] = "1";
        }
        if (alert.GroupIndex is { } group)
        {
            headers[GroupHeader] = group.ToString(CultureInfo.InvariantCulture);
        }
        return (alert.Id, SqliteAlertStore.Serialize(alert.Source), headers);
    }

    /// <summary>The alert of a stream message (its id in a header), or null when the body is not a JSON object.</summary>
    public static AlertDocument? FromMessage(StreamMessage m)
    {
        if (m.Header(IdHeader) is not { Length: > 0 } id)
        {
            return null;
        }
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(m.Body.Span) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (document is null)
        {
            return null;
        }
        var source = new AlertSource();
        foreach (var (key, value) in document.ToList())
        {
            document.Remove(key);
            source.Set(key, value);
        }
        int? group = int.TryParse(m.Header(GroupHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;
        return new AlertDocument(id, source, group, m.Header(ShellHeader) == "1");
    }
}
