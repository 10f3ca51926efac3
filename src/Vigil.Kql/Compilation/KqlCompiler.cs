using Vigil.Eql.Compilation;
using Vigil.Eql.Semantics;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Compilation;

/// <summary>
/// Compiles a parsed KQL query once into a <see cref="CompiledQuery"/> (an event query with one stage) over the same
/// frame projection EQL uses, so the EQL runtime, query sets and the streaming hunt run it unchanged.
/// </summary>
public static class KqlCompiler
{
    /// <summary>
    /// Binds and compiles; with <paramref name="sharedSlots"/>, slot numbers come from that shared numbering (a
    /// query set's), as <see cref="EqlCompiler.Compile(Eql.Syntax.EqlStatement, CompileOptions?, FieldSlots?)"/> does.
    /// </summary>
    public static KqlCompilation Compile(KqlNode query, KqlCompileOptions? options = null, FieldSlots? sharedSlots = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= KqlCompileOptions.Default;
        var slots = sharedSlots ?? new FieldSlots();
        var diagnostics = new List<Diagnostic>();
        var builder = new PredicateBuilder(options.Schema, slots, options.Now ?? DateTimeOffset.UtcNow, "", diagnostics);
        var predicate = builder.Build(query);
        var timestampSlot = slots.SlotOf(options.TimestampField);
        var ordered = diagnostics.OrderBy(d => d.Span.Start.Offset).ToList();
        return new KqlCompilation(CompiledQuery.ForEventPredicate(slots, timestampSlot, predicate), [.. ordered]);
    }
}
