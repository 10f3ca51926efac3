using Vigil.Eql.Syntax;

namespace Vigil.Eql.Compilation;

/// <summary>A statement the runtime cannot execute (unsupported construct, invalid regex or CIDR), with its place.</summary>
public sealed class EqlCompileException : Exception
{
    public EqlCompileException()
    {
    }

    public EqlCompileException(string message)
        : base(message)
    {
    }

    public EqlCompileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public EqlCompileException(string message, SourceSpan span)
        : base(message) => Span = span;

    public SourceSpan Span { get; }
}
