using System.Text;
using CsCheck;
using Vigil.Events.Projection;
using Vigil.Events.Readers;
using Vigil.Events.Tests.Readers;

namespace Vigil.Events.Tests.Hostile;

/// <summary>
/// A key repeated in one object is refused wherever an event is parsed, as Elasticsearch refuses the document
/// (Jackson's strict duplicate detection): at the top, nested, inside skipped subtrees, in arrays, escaped.
/// </summary>
public sealed class DuplicateKeyTests
{
    private static readonly FieldLayout Layout = new(["process.name", "host.id"]);

    [Theory]
    [InlineData("{\"process\":{\"name\":\"ls\",\"name\":\"cat\"}}", "name")]          // projected field
    [InlineData("{\"a\":1,\"process\":{},\"a\":2}", "a")]                             // top level, not projected
    [InlineData("{\"x\":{\"y\":{\"z\":1,\"z\":2}}}", "z")]                            // deep inside a skipped subtree
    [InlineData("{\"x\":[{\"k\":1},{\"k\":2,\"k\":3}]}", "k")]                        // in an array element
    [InlineData("{\"process\":{\"name\":\"ls\",\"na\\u006de\":\"cat\"}}", "name")]   // the same key spelt with an escape
    public void A_repeated_key_is_refused_with_its_name_and_place(string json, string key)
    {
        var frame = new EventFrame(Layout);
        var result = frame.Load(Encoding.UTF8.GetBytes(json));
        Assert.False(result.Success);
        Assert.Equal($"duplicate field '{key}' (Elasticsearch rejects a document whose object repeats a key)", result.Error);
        Assert.Equal(1, result.Line);
        Assert.True(result.Column > 1);
        Assert.Equal(0, frame.CountOf(0)); // nothing half-loaded is left behind
    }

    [Theory]
    [InlineData("{\"a\":{\"k\":1},\"b\":{\"k\":1}}")]                 // the same key in sibling objects
    [InlineData("{\"k\":{\"k\":{\"k\":1}}}")]                          // and in nested ones
    [InlineData("{\"x\":[{\"k\":1},{\"k\":2}]}")]                      // and in array elements
    [InlineData("{\"process.name\":\"a\",\"process\":{\"name\":\"b\"}}")] // dotted and nested spellings are two keys
    public void The_same_key_in_different_objects_is_not_a_duplicate(string json)
    {
        Assert.True(new EventFrame(Layout).Load(Encoding.UTF8.GetBytes(json)).Success);
    }

    [Fact]
    public void Every_reader_that_parses_refuses_a_duplicate_with_file_and_line()
    {
        var good = "{\"process\":{\"name\":\"cat\"}}";
        var bad = "{\"process\":{\"name\":\"ls\",\"name\":\"cat\"}}";
        var inputs = new[]
        {
            ("ndjson", $"{good}\n{bad}\n{good}\n", 2L, new ReaderOptions { ValidateNdjson = true }),
            ("array", $"[\n{good},\n{bad},\n{good}\n]\n", 3L, ReaderOptions.Default),
            ("hits", $"{{\"_index\":\"i\",\"_id\":\"1\",\"_source\":{good}}}\n{{\"_index\":\"i\",\"_id\":\"2\",\"_source\":{bad}}}\n{{\"_index\":\"i\",\"_id\":\"3\",\"_source\":{good}}}\n", 2L, ReaderOptions.Default),
            ("bulk", $"{{\"index\":{{\"_index\":\"i\"}}}}\n{good}\n{{\"index\":{{\"_index\":\"i\"}}}}\n{bad}\n{{\"index\":{{\"_index\":\"i\"}}}}\n{good}\n", 4L, new ReaderOptions { ValidateNdjson = true }),
            ("response", $"{{\"hits\":{{\"hits\":[\n{{\"_id\":\"1\",\"_index\":\"i\",\"_source\":{good}}},\n{{\"_id\":\"2\",\"_index\":\"i\",\"_source\":{bad}}},\n{{\"_id\":\"3\",\"_index\":\"i\",\"_source\":{good}}}]}}}}\n", 3L, ReaderOptions.Default),
        };
        foreach (var (name, text, line, options) in inputs)
        {
            var sink = CollectingSink.Read(text, options);
            var error = Assert.Single(sink.Errors);
            Assert.True(error.Line == line, $"{name}: line {error.Line}, expected {line}");
            Assert.Contains("duplicate field 'name'", error.Reason, StringComparison.Ordinal);
            Assert.Equal(2, sink.Records.Count);
        }
    }

    [Fact]
    public void Checking_is_linear_even_for_an_object_of_many_keys()
    {
        // 200,000 distinct keys, then one repeated at the very end: found, and fast (a quadratic check takes minutes).
        var builder = new StringBuilder("{");
        for (var i = 0; i < 200_000; i++)
        {
            builder.Append('"').Append('k').Append(i).Append("\":1,");
        }
        builder.Append("\"k7\":2}");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = new EventFrame(Layout).Load(Encoding.UTF8.GetBytes(builder.ToString()));
        Assert.False(result.Success);
        Assert.Contains("'k7'", result.Error, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public void Random_objects_are_refused_exactly_when_a_sibling_key_repeats()
    {
        // Objects of up to 6 keys drawn from 4 names: the reference is a plain set check per object.
        var keys = Gen.Int[0, 3].Select(i => new[] { "a", "b", "process", "name" }[i]);
        var member = Gen.Select(keys, Gen.Int[0, 9], (k, v) => (k, v));
        Gen.Select(member.Array[0, 6], member.Array[0, 6], (outer, inner) => (outer, inner)).Sample(t =>
        {
            var innerJson = "{" + string.Join(",", t.inner.Select(m => $"\"{m.k}\":{m.v}")) + "}";
            var json = "{" + string.Join(",", t.outer.Select(m => $"\"{m.k}\":{m.v}").Append($"\"nested\":{innerJson}")) + "}";
            var expectedDuplicate = t.outer.Select(m => m.k).Append("nested").Distinct().Count() != t.outer.Length + 1 ||
                                    t.inner.Select(m => m.k).Distinct().Count() != t.inner.Length;
            Assert.Equal(!expectedDuplicate, new EventFrame(Layout).Load(Encoding.UTF8.GetBytes(json)).Success);
        }, iter: 500);
    }
}
