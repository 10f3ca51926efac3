namespace Vigil.Server.Hosting;

/// <summary>One Prometheus counter series: only goes up; safe to add to from any thread.</summary>
public sealed class MetricCounter
{
    private double value;

    public double Value => Volatile.Read(ref value);

    public void Increment() => Add(1);

    public void Add(double amount)
    {
        if (amount < 0 || double.IsNaN(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "a counter only goes up");
        }
        double seen = Volatile.Read(ref value);
        while (true)
        {
            double witnessed = Interlocked.CompareExchange(ref value, seen + amount, seen);
            if (witnessed.Equals(seen))
            {
                return;
            }
            seen = witnessed;
        }
    }
}
