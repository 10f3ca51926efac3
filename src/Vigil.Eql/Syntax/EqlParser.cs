using System.Runtime.CompilerServices;
using Vigil.Eql.Semantics;

namespace Vigil.Eql.Syntax;

/// <summary>
/// A hand-written recursive-descent parser for Elasticsearch EQL (plus the Endgame pipes, joins and lineage).
/// Operator precedence follows Elasticsearch's grammar, loosest first: <c>or</c>; <c>and</c>; <c>not</c> and
/// lineage; one comparison (not chained); <c>+ -</c>; <c>* / %</c>; unary minus; then a primary with at most one
/// predicate (<c>in</c>, <c>:</c>, <c>like</c>, <c>regex</c>) bound directly to it.
/// Errors are collected, never thrown; after the first syntax error the parser stops, because later errors
/// would only echo it. Every node's span is set by <see cref="SpanFrom"/>.
/// </summary>
public sealed partial class EqlParser
{
    private readonly string text;
    private readonly EqlParserOptions options;
    private readonly List<Diagnostic> diagnostics;
    private readonly List<Token> tokens;
    private int position;
    private int depth;
    private bool failed;
    private readonly bool lexerFailed;

    // Parsing thousands of rules at start-up: the token buffer is reused per thread instead of allocated per query.
    [ThreadStatic]
    private static List<Token>? cachedTokens;

    private EqlParser(string text, EqlParserOptions options, List<Token> tokens)
    {
        this.text = text;
        this.options = options;
        this.tokens = tokens;
        diagnostics = [];
        macros = options.Definitions.Macros;
        constants = options.Definitions.Constants;
        new EqlLexer(text, options, diagnostics).Tokenize(tokens);
        lexerFailed = diagnostics.Count > 0;
    }

    /// <summary>Parses one EQL statement. Never throws on bad input; problems are in the result's diagnostics.</summary>
    public static ParseResult Parse(string text, EqlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = cachedTokens ?? new List<Token>(256);
        cachedTokens = null; // a nested Parse on this thread (none today) would get its own buffer
        try
        {
            var parser = new EqlParser(text, options ?? EqlParserOptions.Default, tokens);
            var statement = parser.ParseStatement();
            return new ParseResult(statement, [.. parser.diagnostics]);
        }
        finally
        {
            tokens.Clear();
            if (tokens.Capacity <= 1 << 16)
            {
                cachedTokens = tokens;
            }
        }
    }

    private Token Current => tokens[position];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Token PeekToken(int ahead) => tokens[Math.Min(position + ahead, tokens.Count - 1)];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool At(TokenKind kind) => Current.Kind == kind;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Token Take()
    {
        var token = Current;
        if (token.Kind != TokenKind.EndOfInput)
        {
            position++;
        }
        return token;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Accept(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }
        Take();
        return true;
    }

    /// <summary>Consumes <paramref name="kind"/> or reports "expected 'x' context, found y".</summary>
    private bool Expect(TokenKind kind, string context)
    {
        if (Accept(kind))
        {
            return true;
        }
        ErrorAtCurrent($"expected '{TokenDescriptions.Spelling(kind)}' {context}");
        return false;
    }

    private SourcePosition StartOfCurrent => Current.Span.Start;

    /// <summary>The span from <paramref name="start"/> to the end of the last consumed token: the one place spans are made.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SourceSpan SpanFrom(SourcePosition start)
    {
        var end = position > 0 ? tokens[position - 1].Span.End : start;
        return end.Offset < start.Offset ? new SourceSpan(start, start) : new SourceSpan(start, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string TextOf(Token token) => text.Substring(token.Offset, token.Length);

    /// <summary>Reports "message, found X" at the current token (silently when the lexer already reported it).</summary>
    private void ErrorAtCurrent(string message) =>
        Error(Current.Span, $"{message}, found {TokenDescriptions.Describe(Current, text)}");

    private void Error(SourceSpan span, string message)
    {
        if (failed)
        {
            return;
        }
        failed = true;
        if (lexerFailed)
        {
            return; // a bad token the lexer already explained is the cause; anything said here would echo it
        }
        diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, message, span));
    }

    /// <summary>Counts nesting so hostile input cannot overflow the stack; false once the limit is passed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool EnterNesting()
    {
        if (++depth <= options.MaxDepth)
        {
            return true;
        }
        Error(Current.Span, $"the query nests too deeply (more than {options.MaxDepth} levels)");
        return false;
    }

    private void LeaveNesting() => depth--;
}
