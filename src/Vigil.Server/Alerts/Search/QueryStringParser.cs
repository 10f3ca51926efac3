using System.Text;
using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// A minimal Lucene <c>query_string</c>: <c>field:value</c>, <c>field:"a phrase"</c>, bare terms (any field),
/// <c>*</c>/<c>?</c> wildcards, <c>_exists_:field</c>, AND / OR / NOT (also &amp;&amp; || ! + -) and parentheses; adjacent
/// clauses combine with <c>default_operator</c>. Ranges, fuzziness, boosts and regexes are refused by name.
/// </summary>
internal sealed class QueryStringParser(string text, string? defaultField, bool defaultAnd, string path)
{
    private int _pos;

    public QueryNode Parse()
    {
        Skip();
        if (_pos >= text.Length)
        {
            return MatchAllQuery.All;
        }
        var node = Or();
        Skip();
        if (_pos < text.Length)
        {
            throw Error($"unexpected [{text[_pos]}] at offset {_pos}");
        }
        return node;
    }

    // Lucene's classic model: each clause is required (+, or joined by AND), prohibited (-, !, NOT) or optional;
    // optional clauses then need one match unless a required one exists. A purely negative group matches all but
    // its exclusions, as Elasticsearch adds match_all to it.
    private QueryNode Or()
    {
        var clauses = new List<(Occur Occur, QueryNode Node)>();
        while (true)
        {
            Skip();
            if (_pos >= text.Length || text[_pos] == ')')
            {
                break;
            }
            var conjunction = Occur.Should;
            if (clauses.Count > 0)
            {
                if (Keyword("AND") || Symbol("&&"))
                {
                    conjunction = Occur.Must;
                }
                else if (Keyword("OR") || Symbol("||"))
                {
                    conjunction = Occur.Should;
                }
                else
                {
                    conjunction = defaultAnd ? Occur.Must : Occur.Should;
                }
                if (conjunction == Occur.Must && clauses[^1].Occur == Occur.Should)
                {
                    clauses[^1] = (Occur.Must, clauses[^1].Node);
                }
                Skip();
            }
            var occur = conjunction;
            if (Keyword("NOT") || Symbol("!") || Symbol("-"))
            {
                occur = Occur.MustNot;
            }
            else if (Symbol("+"))
            {
                occur = Occur.Must;
            }
            clauses.Add((occur, Primary()));
        }
        if (clauses.Count == 0)
        {
            throw Error($"a term was expected at offset {_pos}");
        }
        if (clauses.Count == 1 && clauses[0].Occur is Occur.Should or Occur.Must)
        {
            return clauses[0].Node;
        }
        var must = clauses.Where(c => c.Occur == Occur.Must).Select(c => c.Node).ToList();
        var should = clauses.Where(c => c.Occur == Occur.Should).Select(c => c.Node).ToList();
        var mustNot = clauses.Where(c => c.Occur == Occur.MustNot).Select(c => c.Node).ToList();
        return new BoolQuery(must, [], should, mustNot, must.Count == 0 && should.Count > 0 ? 1 : 0);
    }

    private enum Occur
    {
        Should,
        Must,
        MustNot,
    }

    private QueryNode Primary()
    {
        Skip();
        if (_pos >= text.Length)
        {
            throw Error("the query ends where a term was expected");
        }
        if (Symbol("("))
        {
            var inner = Or();
            Skip();
            if (!Symbol(")"))
            {
                throw Error($"missing [)] at offset {_pos}");
            }
            return inner;
        }
        var (word, quoted) = Word();
        Skip();
        if (!quoted && _pos < text.Length && text[_pos] == ':')
        {
            _pos++;
            Skip();
            if (_pos < text.Length && text[_pos] is '[' or '{')
            {
                throw Error($"range syntax on [{word}] is not supported; use a [range] query");
            }
            var (value, valueQuoted) = Word();
            return Field(word, value, valueQuoted);
        }
        return defaultField is { } f ? Field(f, word, quoted) : new AnyFieldQuery(word, quoted);
    }

    private static QueryNode Field(string field, string value, bool quoted)
    {
        if (field == "_exists_")
        {
            return new ExistsQuery(value);
        }
        if (!quoted && value == "*")
        {
            return new ExistsQuery(field);
        }
        if (!quoted && (value.Contains('*') || value.Contains('?')))
        {
            return new WildcardQuery(field, value, caseInsensitive: false);
        }
        return new MatchQuery(field, JsonSerializer.SerializeToElement(value), phrase: quoted, all: false);
    }

    private (string Word, bool Quoted) Word()
    {
        if (_pos < text.Length && text[_pos] == '"')
        {
            var sb = new StringBuilder();
            _pos++;
            while (_pos < text.Length && text[_pos] != '"')
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length) _pos++;
                sb.Append(text[_pos++]);
            }
            if (_pos >= text.Length)
            {
                throw Error("unterminated quoted string");
            }
            _pos++;
            return (sb.ToString(), true);
        }
        var word = new StringBuilder();
        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not ('(' or ')' or ':' or '"'))
        {
            if (text[_pos] is '~' or '^')
            {
                throw Error($"[{text[_pos]}] (fuzziness/boost) is not supported at offset {_pos}");
            }
            if (text[_pos] == '\\' && _pos + 1 < text.Length) _pos++;
            word.Append(text[_pos++]);
        }
        if (word.Length == 0)
        {
            throw Error($"a term was expected at offset {_pos}");
        }
        return (word.ToString(), false);
    }

    private bool Keyword(string keyword)
    {
        if (!LooksAt(keyword)) return false;
        _pos += keyword.Length;
        return true;
    }

    private bool LooksAt(string keyword) =>
        string.CompareOrdinal(text, _pos, keyword, 0, keyword.Length) == 0
        && (_pos + keyword.Length == text.Length || char.IsWhiteSpace(text[_pos + keyword.Length]) || text[_pos + keyword.Length] == '(');

    private bool LooksAtSymbol(string symbol) => string.CompareOrdinal(text, _pos, symbol, 0, symbol.Length) == 0;

    private bool Symbol(string symbol)
    {
        if (!LooksAtSymbol(symbol)) return false;
        _pos += symbol.Length;
        return true;
    }

    private void Skip()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
    }

    private DslException Error(string what) => new("query_shard_exception", $"Failed to parse query [{text}] at [{path}]: {what}");
}
