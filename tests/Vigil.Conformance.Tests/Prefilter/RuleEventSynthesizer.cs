using System.Text.Json.Nodes;
using Vigil.Eql.Syntax;

namespace Vigil.Conformance.Tests.Prefilter;

/// <summary>
/// Builds, for each stage of a query, an event meant to satisfy it: the category, and for every positive
/// comparison on the way (<c>==</c>, <c>in</c>, <c>:</c>, <c>like</c>, string functions; the left side of an
/// <c>or</c>) a field value that meets it. The events need not match (negations and functions are ignored); they
/// only make matches common enough for a with/without-prefilter comparison to mean something.
/// </summary>
internal static class RuleEventSynthesizer
{
    public static IEnumerable<JsonObject> EventsFor(EqlStatement statement, JsonObject template)
    {
        var stages = statement.Query switch
        {
            EventQuery e => [e],
            SequenceQuery s => s.Stages.Select(stage => stage.Query).Concat(s.Until is null ? [] : [s.Until.Query]),
            SampleQuery s => s.Stages.Select(stage => stage.Query),
            JoinQuery j => j.Stages.Select(stage => stage.Query),
            _ => Enumerable.Empty<EventQuery>(),
        };
        foreach (var stage in stages)
        {
            var json = (JsonObject)template.DeepClone();
            if (stage.Category is { } category)
            {
                Set(json, "event.category", new JsonArray(category));
            }
            Satisfy(stage.Condition, json);
            yield return json;
        }
    }

    private static void Satisfy(Expression expression, JsonObject json)
    {
        switch (expression)
        {
            case LogicalExpression { Operator: LogicalOperator.And } and:
                Satisfy(and.Left, json);
                Satisfy(and.Right, json);
                break;
            case LogicalExpression { Operator: LogicalOperator.Or } or:
                Satisfy(or.Left, json);
                break;
            case ComparisonExpression { Operator: ComparisonOperator.Equal, Left: FieldReference f, Right: StringLiteral s }:
                Set(json, f.Path, s.Value);
                break;
            case ComparisonExpression { Operator: ComparisonOperator.Equal, Left: FieldReference f, Right: IntegerLiteral i }:
                Set(json, f.Path, i.Value);
                break;
            case ComparisonExpression { Operator: ComparisonOperator.Equal, Left: FieldReference f, Right: BooleanLiteral b }:
                Set(json, f.Path, b.Value);
                break;
            case InExpression { IsNegated: false, Value: FieldReference f, Set: [StringLiteral s, ..] }:
                Set(json, f.Path, s.Value);
                break;
            case PatternExpression { Operator: not PatternOperator.Regex, Value: FieldReference f, Patterns: [StringLiteral p, ..] }:
                Set(json, f.Path, p.Value.Replace("*", "", StringComparison.Ordinal).Replace('?', 'x'));
                break;
            case FunctionCall { Arguments: [FieldReference f, StringLiteral s] } call
                when call.Name.ToLowerInvariant() is "startswith" or "endswith" or "stringcontains":
                Set(json, f.Path, s.Value);
                break;
        }
    }

    /// <summary>Sets a dotted path as nested objects (replacing whatever was there).</summary>
    private static void Set(JsonObject json, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = json;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                child = new JsonObject();
                node[parts[i]] = child;
            }
            node = child;
        }
        node[parts[^1]] = value;
    }
}
