namespace Vigil.Events.Readers;

/// <summary>How an input is framed into event records.</summary>
public enum InputFormat
{
    /// <summary>Decide from the content: first non-space byte and the shape of the first record.</summary>
    Auto,

    /// <summary>One JSON object per line; the line is the record.</summary>
    Ndjson,

    /// <summary>One Elasticsearch hit (<c>{"_index":..,"_id":..,"_source":{..}}</c>) per line.</summary>
    Hits,

    /// <summary>An Elasticsearch <c>_bulk</c> request body: action lines, each followed by its source line.</summary>
    Bulk,

    /// <summary>
    /// Whole JSON documents: arrays of events or hits, pretty-printed objects, search responses
    /// (<c>{"hits":{"hits":[..]}}</c>), with <c>//</c> and <c>/* */</c> comments tolerated.
    /// </summary>
    Json,
}
