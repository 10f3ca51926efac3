using Vigil.Eql.Runtime;

namespace Vigil.Cli.Conformance;

/// <summary>The events of one or more indices searched together, with the request fields the harness uses.</summary>
public sealed record ConformanceDataset(
    string Name,
    IReadOnlyList<EventInput> Events,
    IndexMapping Mapping,
    string IdField,
    string? TiebreakerField,
    string EventCategoryField,
    string TimestampField,
    IReadOnlySet<string> FailingIndices);
