namespace Vigil.Rules;

/// <summary>The values Kibana gives keys a rule leaves out.</summary>
public static class RuleDefaults
{
    public const string From = "now-6m";
    public const string To = "now";
    public const string Interval = "5m";
    public const int MaxSignals = 100;
    public const int Version = 1;
    public const bool Enabled = true;
}
