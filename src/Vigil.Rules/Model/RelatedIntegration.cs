namespace Vigil.Rules;

/// <summary>A <c>related_integrations</c> entry (Kibana): a Fleet package the rule needs.</summary>
public sealed record RelatedIntegration(string Package, string Version, string? Integration);
