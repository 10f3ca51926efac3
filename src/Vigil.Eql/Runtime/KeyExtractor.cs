using System.Collections.Immutable;
using Vigil.Eql.Compilation;

namespace Vigil.Eql.Runtime;

/// <summary>
/// Computes an event's join keys for a stage. A multi-valued key field gives one key per distinct value (sorted, as
/// ES's doc values are) and several multi-valued keys give their cartesian product. Null values inside arrays are
/// ignored; a key with no value is null when optional (<c>?field</c>) and excludes the event otherwise.
/// </summary>
internal static class KeyExtractor
{
    public static void Extract(EvalContext context, IReadOnlyList<CompiledKey> keys, List<SequenceKey> into)
    {
        into.Clear();
        if (keys.Count == 0)
        {
            into.Add(SequenceKey.Empty);
            return;
        }
        var perKey = new List<KeyValue>[keys.Count];
        for (var k = 0; k < keys.Count; k++)
        {
            var key = keys[k];
            var values = new List<KeyValue>(1);
            if (key.Slot >= 0)
            {
                var count = context.Frame.CountOf(key.Slot);
                for (var i = 0; i < count; i++)
                {
                    var value = FieldReader.Read(context.Frame, key.Slot, i, key.Coercion);
                    if (!value.IsNull)
                    {
                        var owned = Fold(KeyValue.From(value), key.FoldCase);
                        if (!values.Contains(owned))
                        {
                            values.Add(owned);
                        }
                    }
                }
                values.Sort();
            }
            else
            {
                var value = key.Evaluator(context);
                if (!value.IsNull)
                {
                    values.Add(Fold(KeyValue.From(value), key.FoldCase));
                }
            }
            if (values.Count == 0)
            {
                if (!key.IsOptional)
                {
                    return;
                }
                values.Add(KeyValue.Null);
            }
            perKey[k] = values;
        }
        var indices = new int[keys.Count];
        while (true)
        {
            var builder = ImmutableArray.CreateBuilder<KeyValue>(keys.Count);
            for (var k = 0; k < keys.Count; k++)
            {
                builder.Add(perKey[k][indices[k]]);
            }
            into.Add(new SequenceKey(builder.MoveToImmutable()));
            var position = keys.Count - 1;
            for (; position >= 0; position--)
            {
                if (++indices[position] < perKey[position].Count)
                {
                    break;
                }
                indices[position] = 0;
            }
            if (position < 0)
            {
                return;
            }
        }
    }

    private static KeyValue Fold(KeyValue value, bool fold) =>
        fold && value.Kind == EqlValueKind.String ? value with { Text = value.Text!.ToLowerInvariant() } : value;
}
