using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>
/// The top level of an alert document: keys in insertion order (dotted <c>kibana.*</c> keys beside the copied
/// event's nested objects, as Kibana stores them). A key can be present but undefined, as in the JavaScript object
/// Kibana builds: it keeps its position for a later assignment and is not written.
/// </summary>
public sealed class AlertSource
{
    private readonly OrderedDictionary<string, JsonNode?> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _undefined = new(StringComparer.Ordinal);

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>Sets a key (keeping its position if present, else appending).</summary>
    public void Set(string key, JsonNode? value)
    {
        if (value is not null && value.Parent is not null)
        {
            value = value.DeepClone();
        }
        _fields[key] = value;
        _undefined.Remove(key);
    }

    /// <summary>Declares a key without a value (JavaScript <c>undefined</c>): keeps its slot, is not written.</summary>
    public void SetUndefined(string key)
    {
        _fields[key] = null;
        _undefined.Add(key);
    }

    public void Remove(string key)
    {
        _fields.Remove(key);
        _undefined.Remove(key);
    }

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool IsDefined(string key) => _fields.ContainsKey(key) && !_undefined.Contains(key);

    /// <summary>The value of a key (null when absent, undefined or JSON null).</summary>
    public JsonNode? this[string key] => _fields.TryGetValue(key, out var v) ? v : null;

    /// <summary>Defined entries in order.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> Defined()
    {
        foreach (var pair in _fields)
        {
            if (!_undefined.Contains(pair.Key))
            {
                yield return pair;
            }
        }
    }

    /// <summary>All entries in order, with a flag for undefined ones.</summary>
    public IEnumerable<(string Key, JsonNode? Value, bool IsDefined)> Entries()
    {
        foreach (var pair in _fields)
        {
            yield return (pair.Key, pair.Value, !_undefined.Contains(pair.Key));
        }
    }

    /// <summary>A JSON object of the defined entries (deep copies).</summary>
    public JsonObject ToJsonObject()
    {
        var obj = new JsonObject();
        foreach (var (key, value) in Defined())
        {
            obj[key] = value?.DeepClone();
        }
        return obj;
    }
}
