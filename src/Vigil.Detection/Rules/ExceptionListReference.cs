namespace Vigil.Detection.Rules;

/// <summary>One entry of a rule's <c>exceptions_list</c>: which exception list container the rule uses.</summary>
public sealed record ExceptionListReference(string Id, string ListId, string NamespaceType, string Type);
