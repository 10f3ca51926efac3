using System.Collections.Immutable;
using System.Globalization;
using Vigil.Eql.Compilation;
using Vigil.Eql.Semantics;
using Vigil.Events.Prefilter;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Compilation;

/// <summary>
/// What a JSON line must contain for a KQL query to match it, for the literal prefilter. Conservative: only exact
/// keyword terms and wildcard pieces (case-sensitive) and text-field tokens (ignoring ASCII case) constrain a line;
/// negations, numbers, dates, addresses, unknown fields, field patterns, free text and nested queries do not.
/// </summary>
public static class KqlRequiredLiterals
{
    /// <summary>One requirement for the query's one stage (unconstrained when nothing is certain).</summary>
    public static ImmutableArray<LineRequirement> For(KqlNode query, Schema schema)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(schema);
        var sets = Required(query, schema);
        return [sets is null || sets.Count == 0 ? LineRequirement.Unconstrained : new LineRequirement([.. sets])];
    }

    // Every set must be satisfied (one alternative each); null when the node constrains nothing.
    private static List<LiteralSet>? Required(KqlNode node, Schema schema)
    {
        switch (node)
        {
            case KqlAnd and:
                List<LiteralSet>? all = null;
                foreach (var operand in and.Operands)
                {
                    if (Required(operand, schema) is { } sets)
                    {
                        (all ??= []).AddRange(sets);
                    }
                }
                return all;
            case KqlOr or:
                var alternatives = new List<PrefilterLiteral>();
                foreach (var operand in or.Operands)
                {
                    // One set per operand is enough: the line holds one of each operand's alternatives.
                    if (Required(operand, schema) is not { Count: > 0 } sets)
                    {
                        return null;
                    }
                    alternatives.AddRange(sets.OrderBy(s => s.Alternatives.Length).First().Alternatives);
                }
                return alternatives.Count is > 0 and <= 64 ? [new LiteralSet([.. alternatives.Distinct()], "kql or")] : null;
            case KqlMatch { Field: { HasWildcard: false } field } match when !match.IsExists:
                return Match(field.Text, match.Value, schema);
            default:
                return null;
        }
    }

    private static List<LiteralSet>? Match(string field, KqlLiteral value, Schema schema)
    {
        if (!schema.TryGetFieldType(field, out var type) || schema.TryGetNestedAncestor(field, out _))
        {
            return null;
        }
        var kind = FieldKinds.Of(type);
        if (kind == FieldKind.Keyword)
        {
            if (value.HasWildcard)
            {
                // query_string splits at spaces into alternatives; keep it simple and require nothing then.
                if (value.Text.AsSpan().IndexOfAny(' ', '\t', '\n') >= 0 || value.Text.Contains('\r', StringComparison.Ordinal))
                {
                    return null;
                }
                var pieces = value.WildcardPieces;
                PrefilterLiteral? best = null;
                for (var i = 0; i < pieces.Length; i++)
                {
                    var literal = RequiredLiterals.ForText(pieces[i], ignoreCase: false, wholeValue: false);
                    if (literal is not null && (best is null || literal.Length > best.Length))
                    {
                        best = literal;
                    }
                }
                return best is null ? null : [LiteralSet.Of(best, field)];
            }
            if (value.Kind != KqlLiteralKind.Text)
            {
                return null;
            }
            // A number-like value may be stored as a JSON number, so only its digits are certain, not quotes.
            var numeric = double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            var exact = RequiredLiterals.ForText(value.Text, ignoreCase: false, wholeValue: !numeric);
            return exact is null || numeric ? null : [LiteralSet.Of(exact, field)];
        }
        if (kind == FieldKind.Text && !value.HasWildcard && value.Kind == KqlLiteralKind.Text)
        {
            var tokens = StandardAnalyzer.Tokens(value.Text);
            var literals = new List<PrefilterLiteral>();
            foreach (var token in tokens)
            {
                // The analyzer lower-cases Unicode, the prefilter folds ASCII only: a token is certain to appear
                // ASCII-folded only when it is ASCII and has no 'i' or 'k' (U+0130 lower-cases to 'i', the Kelvin
                // sign to 'k').
                if (!System.Text.Ascii.IsValid(token) || token.AsSpan().IndexOfAny('i', 'k') >= 0
                    || RequiredLiterals.ForText(token, ignoreCase: true, wholeValue: false) is not { } literal
                    || literal.Length != token.Length)
                {
                    if (value.IsQuoted)
                    {
                        continue;
                    }
                    return null;
                }
                literals.Add(literal);
            }
            if (literals.Count == 0)
            {
                return null;
            }
            // A phrase needs every token, a match any one of them.
            return value.IsQuoted
                ? [.. literals.Select(l => LiteralSet.Of(l, field))]
                : [new LiteralSet([.. literals.Distinct()], field)];
        }
        return null;
    }
}
