using System.Text.Json;

namespace Vigil.Server.Alerts.Search;

/// <summary>
/// <c>match</c> and <c>match_phrase</c>. On keyword fields (all alert fields but text ones, see
/// <see cref="DslValues.IsTextField"/>) the query is a term, as Elasticsearch's keyword analyser makes it; on text
/// fields the tokens must be present (any / all with <c>operator: and</c>), or in sequence for a phrase.
/// </summary>
internal sealed class MatchQuery : QueryNode
{
    private readonly string field;
    private readonly JsonElement query;
    private readonly bool phrase;
    private readonly bool all;
    private readonly bool _text;
    private readonly List<string> _tokens;

    public MatchQuery(string field, JsonElement query, bool phrase, bool all)
    {
        this.field = field;
        this.query = query;
        this.phrase = phrase;
        this.all = all;
        _text = DslValues.IsTextField(field);
        _tokens = DslValues.Text(query) is { } t ? DslValues.Tokens(t) : [];
    }

    public override bool Matches(AlertView doc)
    {
        var values = doc.Values(_text ? DslValues.SourceField(field) : field);
        foreach (var v in values)
        {
            if (!_text)
            {
                if (DslValues.TermEquals(v, query, caseInsensitive: false)) return true;
                continue;
            }
            if (DslValues.Text(v) is not { } s) continue;
            var tokens = DslValues.Tokens(s);
            if (phrase ? ContainsSequence(tokens) : all ? _tokens.TrueForAll(tokens.Contains) : _tokens.Exists(tokens.Contains))
            {
                return true;
            }
        }
        return false;
    }

    private bool ContainsSequence(List<string> tokens)
    {
        if (_tokens.Count == 0) return false;
        for (var i = 0; i + _tokens.Count <= tokens.Count; i++)
        {
            var k = 0;
            while (k < _tokens.Count && tokens[i + k] == _tokens[k]) k++;
            if (k == _tokens.Count) return true;
        }
        return false;
    }

    public override void Prefilter(AlertPrefilter prefilter)
    {
        if (!_text)
        {
            new TermsQuery(field, [query], false).Prefilter(prefilter);
        }
    }
}
