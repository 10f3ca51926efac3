using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>One stored alert while a query is evaluated on it: the parsed document and its field values, resolved once per field.</summary>
internal sealed class AlertView : IDisposable
{
    private readonly JsonDocument _document;
    private readonly Dictionary<string, List<JsonElement>> _fields = new(StringComparer.Ordinal);

    public AlertView(StoredAlert alert, string index)
    {
        Alert = alert;
        Index = index;
        _document = JsonDocument.Parse(alert.Json);
    }

    public StoredAlert Alert { get; }

    public string Id => Alert.Id;

    public string Index { get; }

    public JsonElement Root => _document.RootElement;

    /// <summary>The field's values (arrays flattened); <c>_id</c> and <c>_index</c> are the hit's metadata.</summary>
    public IReadOnlyList<JsonElement> Values(string field)
    {
        if (!_fields.TryGetValue(field, out var values))
        {
            values = [];
            if (field is "_id" or "_index")
            {
                values.Add(JsonSerializer.SerializeToElement(field == "_id" ? Id : Index));
            }
            else
            {
                FieldResolver.Collect(Root, field, values);
            }
            _fields[field] = values;
        }
        return values;
    }

    public void Dispose() => _document.Dispose();
}
