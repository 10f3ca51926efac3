using System.Text.Json;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Cli.Conformance;

/// <summary>
/// Runs QA cases the way Elasticsearch's EQL spec harness does: size 50 unless the case sets one, results in
/// timestamp-then-tiebreaker order, ids read from each returned event's id field (-1 for a missing-event
/// placeholder) compared in order with any of the expected alternatives, and join keys flattened to strings
/// ("null" for null) compared when the case lists them.
/// </summary>
public static class ConformanceRunner
{
    private const int DefaultSize = 50;

    /// <summary>Runs one case; <paramref name="caseInsensitive"/> selects the Endgame dialect's case-insensitive equality.</summary>
    public static CaseOutcome Run(ConformanceCase testCase, ConformanceDataset dataset, bool caseInsensitive = false, string variant = "",
        EqlParserOptions? parserOptions = null, bool endgame = false)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(dataset);
        var parse = EqlParser.Parse(testCase.Query, parserOptions);
        if (!parse.Success || parse.Statement is null)
        {
            var message = parse.Diagnostics.Length > 0 ? parse.Diagnostics[0].ToString() : "parse failed";
            return new CaseOutcome(testCase, variant, false, [], null, "parse error: " + message);
        }
        var statement = parse.Statement;
        var failingShard = dataset.FailingIndices.Count > 0 && ReadsRuntimeField(statement, dataset.Mapping);
        var options = CompileOptionsFor(dataset, caseInsensitive) with { EndgameDialect = endgame };
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(statement, options);
        }
        catch (EqlCompileException error)
        {
            return new CaseOutcome(testCase, variant, false, [], null, "compile error: " + error.Message);
        }
        var events = dataset.Events;
        if (failingShard)
        {
            // A runtime field whose script always fails makes the index holding it fail as a shard: its events are
            // not searched. A sequence over failed shards returns nothing (ES refuses partial sequences
            // unless allow_partial_sequence_results is set).
            if (compiled.Shape == QueryShape.Sequence && testCase.AllowPartialSequenceResults != true)
            {
                return Judge(testCase, variant, [], null);
            }
            events = events.Where(e => !dataset.FailingIndices.Contains(e.Origin)).ToList();
        }
        var run = new RunOptions
        {
            // The Python engine has no size: an Endgame suite sees every result.
            Size = testCase.Size ?? (endgame ? null : DefaultSize),
            MaxSamplesPerKey = testCase.MaxSamplesPerKey ?? 1,
        };
        var result = QueryRunner.Run(compiled, events, run);
        var ids = new List<long>();
        List<string>? keys = null;
        if (result.IsSequenceResult)
        {
            keys = [];
            foreach (var sequence in result.Sequences)
            {
                foreach (var matched in sequence.Events)
                {
                    ids.Add(matched is null ? -1 : IdOf(matched, dataset.IdField));
                }
                foreach (var key in sequence.JoinKeys)
                {
                    keys.Add(key ?? "null");
                }
            }
        }
        else
        {
            foreach (var matched in result.Events)
            {
                ids.Add(IdOf(matched, dataset.IdField));
            }
        }
        return Judge(testCase, variant, ids, keys);
    }

    /// <summary>How the harness compiles a case for <paramref name="dataset"/>: its special fields and its mapping.</summary>
    public static CompileOptions CompileOptionsFor(ConformanceDataset dataset, bool caseInsensitive = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new CompileOptions
        {
            TimestampField = dataset.TimestampField,
            TiebreakerField = dataset.TiebreakerField,
            EventCategoryField = dataset.EventCategoryField,
            CaseInsensitiveEquality = caseInsensitive,
            FieldTypes = dataset.Mapping.Types.ToDictionary(pair => pair.Key, pair => IndexMapping.CoercionOf(pair.Value), StringComparer.Ordinal),
            FieldAliases = dataset.Mapping.Aliases,
        };
    }

    private static CaseOutcome Judge(ConformanceCase testCase, string variant, List<long> ids, List<string>? keys)
    {
        var idsMatch = testCase.ExpectedAlternatives.Count == 0
            ? ids.Count == 0
            : testCase.ExpectedAlternatives.Any(expected => expected.SequenceEqual(ids));
        var keysMatch = testCase.JoinKeys is null || (keys ?? []).SequenceEqual(testCase.JoinKeys);
        return new CaseOutcome(testCase, variant, idsMatch && keysMatch, ids, keys, null);
    }

    private static long IdOf(MatchedEvent matched, string idField)
    {
        using var document = JsonDocument.Parse(matched.Source);
        if (TryFind(document.RootElement, idField, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id))
        {
            return id;
        }
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var parsed))
        {
            return parsed;
        }
        return long.MinValue;
    }

    private static bool TryFind(JsonElement element, string path, out JsonElement value)
    {
        if (element.TryGetProperty(path, out value))
        {
            return true;
        }
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        while (dot > 0)
        {
            if (element.TryGetProperty(path[..dot], out var child) && child.ValueKind == JsonValueKind.Object &&
                TryFind(child, path[(dot + 1)..], out value))
            {
                return true;
            }
            dot = path.IndexOf('.', dot + 1);
        }
        value = default;
        return false;
    }

    private static bool ReadsRuntimeField(EqlStatement statement, IndexMapping mapping)
    {
        var found = false;
        void Visit(object? node)
        {
            switch (node)
            {
                case FieldReference field:
                    found |= mapping.RuntimeFields.Contains(field.Path);
                    break;
                case SyntaxNode syntax:
                    foreach (var property in syntax.GetType().GetProperties())
                    {
                        if (property.Name == nameof(SyntaxNode.Span))
                        {
                            continue;
                        }
                        var value = property.GetValue(syntax);
                        if (value is System.Collections.IEnumerable list and not string)
                        {
                            foreach (var item in list)
                            {
                                Visit(item);
                            }
                        }
                        else
                        {
                            Visit(value);
                        }
                    }
                    break;
            }
        }
        Visit(statement);
        return found;
    }
}
