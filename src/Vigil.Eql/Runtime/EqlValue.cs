using System.Globalization;
using System.Text;

namespace Vigil.Eql.Runtime;

/// <summary>
/// One EQL value: null, boolean, long, double, UTF-8 string (a slice of the event or of a computed buffer), date
/// (epoch nanoseconds) or version string. A struct, so evaluating predicates over frame fields does not allocate.
/// </summary>
public readonly struct EqlValue : IEquatable<EqlValue>
{
    private readonly long integer;
    private readonly double number;
    private readonly ReadOnlyMemory<byte> utf8;

    private EqlValue(EqlValueKind kind, long integer, double number, ReadOnlyMemory<byte> utf8)
    {
        Kind = kind;
        this.integer = integer;
        this.number = number;
        this.utf8 = utf8;
    }

    public static EqlValue Null => default;

    public static EqlValue True { get; } = new(EqlValueKind.Boolean, 1, 0, default);

    public static EqlValue False { get; } = new(EqlValueKind.Boolean, 0, 0, default);

    public EqlValueKind Kind { get; }

    public bool IsNull => Kind == EqlValueKind.Null;

    public bool IsNumber => Kind is EqlValueKind.Long or EqlValueKind.Double;

    public bool IsText => Kind is EqlValueKind.String or EqlValueKind.Version;

    /// <summary>True only for the boolean true (a where-clause keeps an event only then).</summary>
    public bool IsTrue => Kind == EqlValueKind.Boolean && integer != 0;

    public bool AsBoolean => integer != 0;

    public long AsLong => Kind == EqlValueKind.Double ? (long)number : integer;

    public double AsDouble => Kind == EqlValueKind.Double ? number : integer;

    /// <summary>Epoch nanoseconds of a date.</summary>
    public long AsDateNanos => integer;

    public ReadOnlySpan<byte> Utf8 => utf8.Span;

    public ReadOnlyMemory<byte> Utf8Memory => utf8;

    public static EqlValue FromBoolean(bool value) => value ? True : False;

    public static EqlValue FromLong(long value) => new(EqlValueKind.Long, value, 0, default);

    public static EqlValue FromDouble(double value) => new(EqlValueKind.Double, 0, value, default);

    public static EqlValue FromUtf8(ReadOnlyMemory<byte> value) => new(EqlValueKind.String, 0, 0, value);

    public static EqlValue FromString(string value) => new(EqlValueKind.String, 0, 0, Encoding.UTF8.GetBytes(value));

    public static EqlValue FromDate(long epochNanos) => new(EqlValueKind.Date, epochNanos, 0, default);

    public static EqlValue FromVersion(ReadOnlyMemory<byte> value) => new(EqlValueKind.Version, 0, 0, value);

    /// <summary>The value as text the way ES's string() renders it (null stays null).</summary>
    public string? ToText() => Kind switch
    {
        EqlValueKind.Null => null,
        EqlValueKind.Boolean => AsBoolean ? "true" : "false",
        EqlValueKind.Long => integer.ToString(CultureInfo.InvariantCulture),
        EqlValueKind.Double => FormatDouble(number),
        EqlValueKind.Date => FormatDate(integer),
        _ => Encoding.UTF8.GetString(utf8.Span),
    };

    /// <summary>Formats a double as Java's Double.toString does for ordinary magnitudes (41.0, 7.5).</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-3 || abs >= 1e7))
        {
            var text = value.ToString("E16", CultureInfo.InvariantCulture);
            var r = value.ToString("R", CultureInfo.InvariantCulture);
            return r.Contains('E', StringComparison.Ordinal) ? r : text;
        }
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>ISO-8601 UTC with milliseconds, or with nanoseconds when the value has sub-millisecond digits.</summary>
    public static string FormatDate(long epochNanos)
    {
        var ticks = Math.DivRem(epochNanos, 100, out var nanosRemainder);
        var time = DateTimeOffset.UnixEpoch.AddTicks(ticks);
        var subMillis = epochNanos % 1_000_000;
        if (subMillis == 0)
        {
            return time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        var fraction = (epochNanos % 1_000_000_000 + 1_000_000_000) % 1_000_000_000;
        _ = nanosRemainder;
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." +
            fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    public bool Equals(EqlValue other) => EqlComparison.StrictEquals(this, other);

    public override bool Equals(object? obj) => obj is EqlValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        EqlValueKind.Null => 0,
        EqlValueKind.Boolean or EqlValueKind.Long or EqlValueKind.Date => HashCode.Combine(Kind, integer),
        EqlValueKind.Double => HashCode.Combine(Kind, number),
        _ => HashCode.Combine(Kind, Hash(utf8.Span)),
    };

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(EqlValue left, EqlValue right) => left.Equals(right);

    public static bool operator !=(EqlValue left, EqlValue right) => !left.Equals(right);

    public override string ToString() => ToText() ?? "null";
}
