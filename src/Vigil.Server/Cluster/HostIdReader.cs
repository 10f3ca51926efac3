using System.Text.Json;

namespace Vigil.Server.Cluster;

/// <summary>
/// The <c>host.id</c> of one stored line, which picks the event's partition: <c>{"host":{"id":…}}</c> or a dotted
/// top-level <c>"host.id"</c>; a number is taken as its text; absent or unreadable gives "" (one partition for all such
/// events). Reads only as far as it must, allocating only the id.
/// </summary>
public static class HostIdReader
{
    public static string Read(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("host.id"u8))
                {
                    reader.Read();
                    if (Scalar(ref reader) is { } dotted)
                    {
                        return dotted;
                    }
                    continue;
                }
                var isHost = reader.ValueTextEquals("host"u8);
                reader.Read();
                if (isHost && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isId = reader.ValueTextEquals("id"u8);
                        reader.Read();
                        if (isId && Scalar(ref reader) is { } nested)
                        {
                            return nested;
                        }
                        reader.Skip();
                    }
                    continue;
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return "";
    }

    private static string? Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => null,
    };
}
