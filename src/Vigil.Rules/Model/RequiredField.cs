namespace Vigil.Rules;

/// <summary>A <c>required_fields</c> entry (Kibana): a field the query reads, its type and whether it is ECS.</summary>
public sealed record RequiredField(string Name, string Type, bool Ecs);
