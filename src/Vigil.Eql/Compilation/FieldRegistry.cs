using Vigil.Eql.Runtime;

namespace Vigil.Eql.Compilation;

/// <summary>Assigns frame slots to field paths while compiling (aliases resolved), and knows their mapped types.</summary>
internal sealed class FieldRegistry
{
    private readonly Dictionary<string, int> slots = new(StringComparer.Ordinal);
    private readonly List<string> paths = [];
    private readonly CompileOptions options;

    public FieldRegistry(CompileOptions options) => this.options = options;

    public IReadOnlyList<string> Paths => paths;

    public string Resolve(string path)
    {
        var resolved = path;
        for (var i = 0; i < 8 && options.FieldAliases is { } aliases && aliases.TryGetValue(resolved, out var target); i++)
        {
            resolved = target;
        }
        return resolved;
    }

    public int SlotOf(string path)
    {
        var resolved = Resolve(path);
        if (!slots.TryGetValue(resolved, out var slot))
        {
            slot = paths.Count;
            slots[resolved] = slot;
            paths.Add(resolved);
        }
        return slot;
    }

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
