namespace Vigil.Detection.RuleTypes;

/// <summary>
/// Kibana's alerting rule type id and category of each security rule type. EQL and KQL query rules keep the EQL
/// names Vigil has always written (their alerts must not change here); the other types get their own.
/// </summary>
internal static class RuleTypeNames
{
    public static string TypeId(string type) => type switch
    {
        "threshold" => "siem.thresholdRule",
        "new_terms" => "siem.newTermsRule",
        "threat_match" => "siem.indicatorRule",
        _ => "siem.eqlRule",
    };

    public static string Category(string type) => type switch
    {
        "threshold" => "Threshold Rule",
        "new_terms" => "New Terms Rule",
        "threat_match" => "Indicator Match Rule",
        _ => "Event Correlation Rule",
    };
}
