using System.Text.Json.Nodes;
using Vigil.Detection.Json;

namespace Vigil.Detection.Exceptions;

/// <summary>
/// Evaluates a rule's exception items against an event's JSON with the semantics of the filter Kibana builds:
/// match = match_phrase (exact, case-sensitive on keyword fields, any value of a multi-valued field), match_any = any
/// of the values, wildcard = <c>*</c>/<c>?</c> pattern, exists = a non-null value; <c>excluded</c> negates the entry;
/// nested = one element of the object array satisfies all inner entries; os_types = host.os.type equal to one of them
/// or host.os.name equal ignoring case. Items whose entries use value lists are not applied (Kibana applies only
/// small lists, which Vigil cannot read) and are reported in <see cref="Unapplied"/>.
/// </summary>
public sealed class ExceptionMatcher
{
    private readonly List<ExceptionItem> _items = [];

    public ExceptionMatcher(IEnumerable<ExceptionItem> items, DateTimeOffset startedAt)
    {
        var unapplied = new List<ExceptionItem>();
        foreach (var item in items)
        {
            if (item.ExpireTime is { } expire && expire < startedAt)
            {
                continue;
            }
            if (item.UsesValueList)
            {
                unapplied.Add(item);
                continue;
            }
            _items.Add(item);
        }
        Unapplied = unapplied;
    }

    /// <summary>Items that cannot be applied (value lists).</summary>
    public IReadOnlyList<ExceptionItem> Unapplied { get; }

    public int Count => _items.Count;

    /// <summary>Kibana's warning for items it won't apply, or null.</summary>
    public string? UnappliedWarning => Unapplied.Count == 0
        ? null
        : $"The following exceptions won't be applied to rule execution: {string.Join(", ", Unapplied.Select(i => i.Name))}";

    /// <summary>True when any item matches the event, i.e. the event is excepted.</summary>
    public bool IsExcepted(JsonNode? source)
    {
        foreach (var item in _items)
        {
            if (ItemMatches(item, source))
            {
                return true;
            }
        }
        return false;
    }

    public static bool ItemMatches(ExceptionItem item, JsonNode? source)
    {
        if (item.OsTypes.Count > 0 && !OsMatches(item.OsTypes, source))
        {
            return false;
        }
        foreach (var entry in item.Entries)
        {
            if (!EntryMatches(entry, source, ""))
            {
                return false;
            }
        }
        return true;
    }

    private static bool OsMatches(IReadOnlyList<string> osTypes, JsonNode? source)
    {
        var types = FieldValues.Get(source, "host.os.type");
        var names = FieldValues.Get(source, "host.os.name");
        foreach (var os in osTypes)
        {
            foreach (var t in types)
            {
                if (FieldValues.AsKeyword(t) == os)
                {
                    return true;
                }
            }
            foreach (var n in names)
            {
                // host.os.name.caseless is a keyword with a lowercase normalizer: both sides are lowercased.
                if (FieldValues.AsKeyword(n) is { } name && string.Equals(name.ToLowerInvariant(), os.ToLowerInvariant(), StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool EntryMatches(ExceptionEntry entry, JsonNode? source, string parent)
    {
        var field = parent.Length == 0 ? entry.Field : parent + "." + entry.Field;
        bool positive;
        switch (entry.Type)
        {
            case "nested":
                return NestedMatches(entry, source);
            case "exists":
                positive = FieldValues.Exists(source, field);
                break;
            case "match" or "match_any":
                positive = AnyValue(source, field, v => entry.Values.Contains(v, StringComparer.Ordinal));
                break;
            case "wildcard":
                positive = AnyValue(source, field, v => Wildcard.IsMatch(v, entry.Values[0]));
                break;
            default:
                positive = false;
                break;
        }
        return entry.Excluded ? !positive : positive;
    }

    private static bool NestedMatches(ExceptionEntry nested, JsonNode? source)
    {
        // Each element of the nested array is its own document: all inner entries must hold for the same element.
        var elements = FieldValues.Get(source, nested.Field);
        foreach (var element in elements)
        {
            if (element is not JsonObject obj)
            {
                continue;
            }
            var all = true;
            foreach (var inner in nested.Entries)
            {
                if (!EntryMatches(inner, obj, ""))
                {
                    all = false;
                    break;
                }
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    private static bool AnyValue(JsonNode? source, string field, Func<string, bool> predicate)
    {
        foreach (var value in FieldValues.Get(source, field))
        {
            if (FieldValues.AsKeyword(value) is { } text && predicate(text))
            {
                return true;
            }
        }
        return false;
    }
}
