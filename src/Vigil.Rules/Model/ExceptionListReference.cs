namespace Vigil.Rules;

/// <summary>An <c>exceptions_list</c> entry: a reference to an exception list.</summary>
public sealed record ExceptionListReference(string Id, string ListId, string NamespaceType, string Type);
