namespace Vigil.Simulation;

/// <summary>When to inject the next scenario: about once per <see cref="SimulationOptions.AttackRate"/> events, spread evenly with jitter, cycling through the requested scenarios.</summary>
internal sealed class AttackPlan
{
    private readonly IReadOnlyList<ScenarioKind> _kinds;
    private readonly long[] _thresholds;
    private readonly Dictionary<ScenarioKind, int> _counts = [];
    private int _next;

    public AttackPlan(SimulationOptions options, Prng random)
    {
        _kinds = options.Scenarios;
        if (_kinds.Count == 0 || options.Events < 50)
        {
            _thresholds = [];
            return;
        }
        long count = Math.Max(1, (long)Math.Round((double)options.Events / Math.Max(1, options.AttackRate)));
        double spacing = (double)options.Events / count;
        _thresholds = new long[count];
        for (int i = 0; i < count; i++)
        {
            double jitter = (random.NextDouble() - 0.5) * spacing * 0.3;
            // Keep clear of the end so each instance is written in full among the requested events.
            _thresholds[i] = Math.Min((long)((i + 0.5) * spacing + jitter), Math.Max(0, options.Events - 60));
        }
    }

    /// <summary>The scenario to inject now that <paramref name="written"/> events are out, if one is due.</summary>
    public ScenarioKind? Due(long written)
    {
        if (_next >= _thresholds.Length || written < _thresholds[_next])
        {
            return null;
        }
        ScenarioKind kind = _kinds[_next % _kinds.Count];
        _next++;
        return kind;
    }

    public string NextInstanceId(ScenarioKind kind)
    {
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
        return $"{ScenarioNames.NameOf(kind)}-{_counts[kind]:D4}";
    }
}
