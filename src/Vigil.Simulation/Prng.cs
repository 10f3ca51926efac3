namespace Vigil.Simulation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast, good enough for telemetry, and identical on every platform, so a
/// seed always yields the same bytes (System.Random's algorithm is not a documented contract).
/// </summary>
public sealed class Prng
{
    private ulong _s0, _s1, _s2, _s3;

    public Prng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)((NextUInt64() >> 33) % (ulong)maxExclusive);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A long in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public long NextLong(long min, long maxExclusive) => min + (long)(NextUInt64() % (ulong)(maxExclusive - min));

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>An exponentially distributed delay with the given mean (for arrivals of independent activities).</summary>
    public long Exponential(long mean) => (long)(-Math.Log(1.0 - NextDouble()) * mean);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A child generator whose stream does not overlap this one in practice.</summary>
    public Prng Fork() => new(NextUInt64());

    public void NextBytes(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i += 8)
        {
            ulong value = NextUInt64();
            for (int j = 0; j < 8 && i + j < destination.Length; j++)
            {
                destination[i + j] = (byte)(value >> (8 * j));
            }
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
