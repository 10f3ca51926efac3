using System.Text;
using System.Text.Json;
using Vigil.Events.Projection;
using Vigil.Events.Readers;
using Vigil.Events.Tests.Readers;
using Vigil.Events.Text;

namespace Vigil.Events.Tests.Hostile;

/// <summary>Messages in our words (no .NET wording or coordinates), control characters never printed raw, timestamps in range.</summary>
public sealed class HostileTextTests
{
    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":1 \"b\":2}")]
    [InlineData("{\"a\":\"x\ty\"}")]
    [InlineData("{\"a\":\"\\q\"}")]
    [InlineData("{\"a\":-}")]
    [InlineData("{\"a\":")]
    [InlineData("{a:1}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("]")]
    public void Json_errors_speak_our_words_only(string line)
    {
        var sink = CollectingSink.Read(line + "\n{\"ok\":1}\n", new ReaderOptions { ValidateNdjson = true });
        var error = Assert.Single(sink.Errors);
        Assert.Equal(1, error.Line);
        foreach (var dotnet in new[] { "LineNumber", "BytePosition", "reader options", "Change the", "payload", "isFinalBlock", "JsonReader" })
        {
            Assert.DoesNotContain(dotnet, error.Reason, StringComparison.OrdinalIgnoreCase);
        }
        var frame = new EventFrame(new FieldLayout(["a"]));
        var load = frame.Load(Encoding.UTF8.GetBytes(line));
        Assert.False(load.Success);
        Assert.DoesNotContain("LineNumber", load.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Change the reader options", load.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trailing_comma_message_says_what_to_do()
    {
        var error = Assert.Single(CollectingSink.Read("{\"a\":1,}\n", new ReaderOptions { ValidateNdjson = true }).Errors);
        Assert.Equal("invalid JSON: a comma before a closing bracket (remove the trailing comma)", error.Reason);
    }

    [Fact]
    public void Every_control_character_and_bidi_override_is_neutralised()
    {
        for (var c = 0; c < 0x2070; c++)
        {
            var unsafeChar = c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c is 0x200E or 0x200F or 0x061C;
            var text = SafeText.Neutralise("a" + (char)c + "b");
            Assert.Equal(unsafeChar, text != "a" + (char)c + "b");
            Assert.DoesNotContain(text, ch => SafeText.IsUnsafe(ch, keepNewlines: false));
        }
        Assert.Equal("\\u001B[2J\\u0007", SafeText.Neutralise("\u001b[2J\u0007"));
    }

    [Fact]
    public void An_input_error_never_prints_the_bytes_of_a_hostile_file_name_or_value()
    {
        var error = new InputError("evil\u001b]8;;http://x\u0007.ndjson", 3, null, "field holds \"\u001b[31mred\"");
        Assert.DoesNotContain('\u001b', error.ToString());
        Assert.DoesNotContain('\u0007', error.ToString());
        Assert.Equal("f: reason", new InputError("f", 0, null, "reason").ToString());
    }

    [Theory]
    [InlineData("\"not-a-time\"")]
    [InlineData("\"\"")]
    [InlineData("\"2026-13-01T00:00:00Z\"")]
    [InlineData("\"+275760-09-13T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:59Z\"")]   // a valid date past what nanoseconds in a long hold (2262)
    [InlineData("8640000000000000")]           // ES's largest epoch millis: must not wrap around
    [InlineData("-9223372036854775808")]
    [InlineData("1e300")]
    [InlineData("\"99999999999999999999\"")]
    [InlineData("true")]
    public void Unreadable_or_out_of_range_timestamps_are_refused_not_wrapped(string value)
    {
        var frame = new EventFrame(new FieldLayout(["@timestamp"]));
        Assert.True(frame.Load(Encoding.UTF8.GetBytes($"{{\"@timestamp\":{value}}}")).Success);
        Assert.False(frame.CountOf(0) > 0 && EventTimestamp.TryRead(frame, frame.ValueOf(0, 0), out _));
    }

    [Theory]
    [InlineData("\"2026-11-27T08:00:00.123Z\"", 1795766400123L)]
    [InlineData("1795766400123", 1795766400123L)]
    [InlineData("\"1795766400123\"", 1795766400123L)]
    [InlineData("\"2262-04-11T00:00:00Z\"", 9223286400000L)]
    public void Readable_timestamps_still_read(string value, long millis)
    {
        var frame = new EventFrame(new FieldLayout(["@timestamp"]));
        Assert.True(frame.Load(Encoding.UTF8.GetBytes($"{{\"@timestamp\":{value}}}")).Success);
        Assert.True(EventTimestamp.TryRead(frame, frame.ValueOf(0, 0), out var nanos));
        Assert.Equal(millis, nanos / 1_000_000);
    }

    [Fact]
    public void Describe_never_leaks_parser_wording_for_any_message()
    {
        foreach (var message in new[] { "'x' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 0 | BytePositionInLine: 5.", "Something new in .NET 11. LineNumber: 3" })
        {
            var text = JsonErrorText.Describe(new JsonException(message));
            Assert.StartsWith("invalid JSON: ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
            Assert.DoesNotContain(".NET", text, StringComparison.Ordinal);
        }
    }
}
