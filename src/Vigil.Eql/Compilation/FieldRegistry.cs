using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>Assigns frame slots to field paths while compiling (aliases resolved), and knows their mapped types.</summary>
internal sealed class FieldRegistry
{
    private readonly FieldSlots slots;
    private readonly CompileOptions options;

    public FieldRegistry(CompileOptions options, FieldSlots? shared = null)
    {
        this.options = options;
        slots = shared ?? new FieldSlots();
    }

    public IReadOnlyList<string> Paths => slots.Paths;

    public string Resolve(string path)
    {
        var resolved = path;
        for (var i = 0; i < 8 && options.FieldAliases is { } aliases && aliases.TryGetValue(resolved, out var target); i++)
        {
            resolved = target;
        }
        return resolved;
    }

    public int SlotOf(string path) => slots.SlotOf(Resolve(path));

    /// <summary>An optional field (<c>?x</c>) that the known mapping does not have; without a mapping, never.</summary>
    public bool IsUnmappedOptional(Syntax.FieldReference field)
    {
        if (!field.IsOptional || options.FieldTypes is not { } types)
        {
            return false;
        }
        var resolved = Resolve(field.Path);
        return !types.ContainsKey(resolved) && resolved != Resolve(options.TimestampField);
    }

    public FieldCoercion CoercionOf(string path)
    {
        var resolved = Resolve(path);
        if (options.FieldTypes is { } types && types.TryGetValue(resolved, out var coercion))
        {
            return coercion;
        }
        return resolved == Resolve(options.TimestampField) ? FieldCoercion.Date : FieldCoercion.None;
    }
}
