namespace Vigil.Cluster;

/// <summary>
/// The subject names the cluster agrees on. Publishers write <c>vigil.ev.&lt;host&gt;</c>; the brokers' subject mapping
/// rewrites that to <c>vigil.p.&lt;partition&gt;.&lt;host&gt;</c>, which is what the stream stores and consumers filter on.
/// </summary>
public static class ClusterSubjects
{
    public const string EventPrefix = "vigil.ev.";
    public const string StreamName = "VIGIL_EVENTS";
    public const string StoredSubjects = "vigil.p.>";

    public static string Event(string hostId) => EventPrefix + EscapeToken(hostId);

    public static string Partition(int partition) => $"vigil.p.{partition}.>";

    /// <summary>The nats-server config line that partitions events by host (one token after vigil.ev.).</summary>
    public static string Mapping(int partitions) =>
        $"\"vigil.ev.*\": \"vigil.p.{{{{partition({partitions},1)}}}}.{{{{wildcard(1)}}}}\"";

    /// <summary>
    /// A subject token may not contain '.', '*', '>' or whitespace; host ids can (FQDNs). Those bytes, and '%' itself,
    /// become %XX so distinct ids stay distinct tokens; an empty id becomes "%" so it is still one token.
    /// </summary>
    public static string EscapeToken(string value)
    {
        if (value.Length == 0)
        {
            return "%";
        }
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '.' or '*' or '>' or '%' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(c.ToString()))
                {
                    text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
