namespace Vigil.Kql.Syntax;

/// <summary>What an unquoted literal reads as: Kibana turns exactly <c>null</c>, <c>true</c> and <c>false</c> into values.</summary>
public enum KqlLiteralKind
{
    Text,
    Null,
    True,
    False,
}
