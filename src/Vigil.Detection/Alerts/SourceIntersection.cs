using System.Text.Json.Nodes;

namespace Vigil.Detection.Alerts;

/// <summary>
/// The start of a sequence shell: the intersection of its building blocks' sources, as Kibana's
/// <c>objectArrayIntersection</c> computes it. A key survives when both sides hold equal scalars, objects intersect
/// recursively (an empty result is undefined), and arrays keep the first side's distinct scalars that the other side
/// also holds (objects inside arrays never compare equal: JavaScript compares them by reference).
/// </summary>
public static class SourceIntersection
{
    public static AlertSource Intersect(IReadOnlyList<AlertSource> sources)
    {
        var result = new AlertSource();
        if (sources.Count == 0)
        {
            return result;
        }
        foreach (var (key, value, defined) in sources[0].Entries())
        {
            if (defined) result.Set(key, value?.DeepClone());
            else result.SetUndefined(key);
        }
        for (var i = 1; i < sources.Count; i++)
        {
            result = Pair(result, sources[i]);
        }
        return result;
    }

    private static AlertSource Pair(AlertSource a, AlertSource b)
    {
        var result = new AlertSource();
        foreach (var (key, aVal, aDefined) in a.Entries())
        {
            if (!b.ContainsKey(key))
            {
                continue;
            }
            var bDefined = b.IsDefined(key);
            var bVal = b[key];
            if (!aDefined || !bDefined)
            {
                // undefined === undefined keeps the key (still undefined); undefined vs a value: nothing is set,
                // which in JavaScript also leaves the key out.
                if (!aDefined && !bDefined)
                {
                    result.SetUndefined(key);
                }
                continue;
            }
            var (has, value, undefined) = Values(aVal, bVal);
            if (has)
            {
                if (undefined) result.SetUndefined(key);
                else result.Set(key, value);
            }
        }
        return result;
    }

    private static (bool Has, JsonNode? Value, bool Undefined) Values(JsonNode? a, JsonNode? b)
    {
        if (a is JsonObject ao && b is JsonObject bo)
        {
            var inner = Objects(ao, bo);
            return (true, inner, inner is null);
        }
        if (StrictEquals(a, b))
        {
            return (true, a?.DeepClone(), false);
        }
        if (a is JsonArray aa && b is JsonArray ba)
        {
            return (true, ArrayIntersection(aa, [.. ba]), false);
        }
        if (a is JsonArray a2 && b is not JsonArray)
        {
            return (true, ArrayIntersection(a2, [b]), false);
        }
        if (a is not JsonArray && b is JsonArray b2)
        {
            return (true, ArrayIntersection(new JsonArray { a?.DeepClone() }, [.. b2]), false);
        }
        return (false, null, false);
    }

    // Returns null for "undefined" (no defined entry survived); JSON null values only come from equal nulls.
    private static JsonObject? Objects(JsonObject a, JsonObject b)
    {
        var result = new JsonObject();
        var defined = 0;
        foreach (var (key, aVal) in a)
        {
            if (!b.TryGetPropertyValue(key, out var bVal))
            {
                continue;
            }
            if (aVal is JsonObject ao && bVal is JsonObject bo)
            {
                var inner = Objects(ao, bo);
                if (inner is not null)
                {
                    result[key] = inner;
                    defined++;
                }
                continue;
            }
            var (has, value, undefined) = Values(aVal, bVal);
            if (has && !undefined)
            {
                result[key] = value;
                defined++;
            }
        }
        return defined == 0 ? null : result;
    }

    private static JsonArray ArrayIntersection(JsonArray first, List<JsonNode?> second)
    {
        var result = new JsonArray();
        var seen = new List<JsonNode?>();
        foreach (var item in first)
        {
            if (item is JsonObject or JsonArray)
            {
                continue;
            }
            if (seen.Any(s => StrictEquals(s, item)) || !second.Any(s => StrictEquals(s, item)))
            {
                continue;
            }
            seen.Add(item);
            result.Add(item?.DeepClone());
        }
        return result;
    }

    /// <summary>JavaScript <c>===</c> on JSON values: scalars by value, objects and arrays never (distinct references).</summary>
    private static bool StrictEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a is not JsonValue av || b is not JsonValue bv)
        {
            return false;
        }
        if (av.TryGetValue<string>(out var sa))
        {
            return bv.TryGetValue<string>(out var sb) && sa == sb;
        }
        if (av.TryGetValue<bool>(out var ba))
        {
            return bv.TryGetValue<bool>(out var bb) && ba == bb;
        }
        if (Json.FieldValues.TryGetNumber(av, out var da))
        {
            return Json.FieldValues.TryGetNumber(bv, out var db) && da == db;
        }
        return false;
    }
}
