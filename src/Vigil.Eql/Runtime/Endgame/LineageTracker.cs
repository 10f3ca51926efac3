using Vigil.Eql.Compilation;
using Vigil.Eql.Syntax;

namespace Vigil.Eql.Runtime;

/// <summary>One step a lineage test runs on every event, before the query's stages look at it.</summary>
public interface ILineageStep
{
    void Observe(EvalContext context);

    /// <summary>Process entries the step's lineage state holds now (0 for a step that keeps none of its own).</summary>
    long HeldEntries => 0;
}

/// <summary>
/// The state of one lineage test, kept as the Python engine keeps it (eql/engine.py, <c>_get_descendant_of</c>,
/// <c>_get_child_of</c>, <c>_get_event_of</c>): the processes whose events matched the nested query (sources),
/// the processes related to them (for child of: created by a source; for descendant of: created by a source or a
/// related process), and the ends seen, applied at the next process event. State is bounded: past
/// <see cref="LineageFields.MaxTracked"/> processes the oldest are forgotten (<see cref="Forgotten"/> counts them).
/// </summary>
internal sealed class LineageTracker
{
    private readonly LineageKind kind;
    private readonly LineageFields lineage;
    private readonly int processSlot;
    private readonly int parentSlot;
    private readonly int categorySlot;
    private readonly int actionSlot;
    private readonly int pidSlot;
    private readonly int nameSlot;
    private readonly FieldCoercion processCoercion;
    private readonly FieldCoercion parentCoercion;
    private readonly BoundedSet sources;
    private readonly BoundedSet members;
    private readonly List<KeyValue> ended = [];
    private readonly byte[] processCategory;
    private readonly bool foldCase;
    private byte[]? sourceCategory;
    private Func<EvalContext, bool> sourceCondition = static _ => false;

    public LineageTracker(LineageKind kind, LineageFields lineage, FieldRegistry fields, CompileOptions options)
    {
        this.kind = kind;
        this.lineage = lineage;
        processSlot = fields.SlotOf(lineage.ProcessKey);
        parentSlot = fields.SlotOf(lineage.ParentKey);
        processCoercion = fields.CoercionOf(lineage.ProcessKey);
        parentCoercion = fields.CoercionOf(lineage.ParentKey);
        categorySlot = fields.SlotOf(options.EventCategoryField);
        actionSlot = fields.SlotOf(lineage.ActionField);
        pidSlot = fields.SlotOf("pid");
        nameSlot = fields.SlotOf("process_name");
        processCategory = System.Text.Encoding.UTF8.GetBytes(lineage.ProcessCategory);
        foldCase = options.CaseInsensitiveEquality;
        sources = new BoundedSet(lineage.MaxTracked);
        members = new BoundedSet(lineage.MaxTracked);
        UpdateStep = new Step(Update, () => HeldEntries);
        MatchStep = new Step(MatchSource, static () => 0);
    }

    public ILineageStep UpdateStep { get; }

    public ILineageStep MatchStep { get; }

    public long Forgotten => sources.Forgotten + members.Forgotten;

    /// <summary>Entries held for the process tree: sources, related processes (with their age order) and pending ends.</summary>
    public long HeldEntries => sources.HeldEntries + members.HeldEntries + ended.Count;

    public void SetSource(string? category, Func<EvalContext, bool> condition)
    {
        sourceCategory = category is null ? null : System.Text.Encoding.UTF8.GetBytes(category);
        sourceCondition = condition;
    }

    /// <summary>The test itself: is the current event's process one of the related processes.</summary>
    public EqlValue IsMember(EvalContext context)
    {
        var process = Read(context, processSlot, processCoercion);
        return EqlValue.FromBoolean(!process.IsNull && members.Contains(process));
    }

    private void Update(EvalContext context)
    {
        if (!EqlCompiler.HasCategory(context.Frame, categorySlot, processCategory, foldCase))
        {
            return;
        }
        foreach (var gone in ended)
        {
            members.Remove(gone);
            sources.Remove(gone);
        }
        ended.Clear();
        var process = Read(context, processSlot, processCoercion);
        var action = ActionText(context);
        var starts = action is not null && lineage.StartValues.Contains(action);
        if (starts && IsBoot(context))
        {
            // A machine start (System, pid 4) resets all state, as in the Python engine.
            members.Clear();
            sources.Clear();
        }
        if (starts && kind != LineageKind.EventOf)
        {
            var parent = Read(context, parentSlot, parentCoercion);
            if (!parent.IsNull && (sources.Contains(parent) || (kind == LineageKind.DescendantOf && members.Contains(parent))))
            {
                if (!process.IsNull)
                {
                    members.Add(process);
                }
                return;
            }
        }
        if (action is not null && lineage.EndValues.Contains(action) && !process.IsNull)
        {
            ended.Add(process);
        }
    }

    private void MatchSource(EvalContext context)
    {
        if (sourceCategory is not null && !EqlCompiler.HasCategory(context.Frame, categorySlot, sourceCategory, foldCase))
        {
            return;
        }
        // The Python engine ignores events of pid 0 (the idle process) as sources.
        var pid = FieldReader.Read(context.Frame, pidSlot, 0, FieldCoercion.None);
        if (pid.IsNumber && pid.AsLong == 0)
        {
            return;
        }
        var process = Read(context, processSlot, processCoercion);
        if (process.IsNull || !sourceCondition(context))
        {
            return;
        }
        if (kind == LineageKind.EventOf)
        {
            members.Add(process);
        }
        else
        {
            sources.Add(process);
        }
    }

    private bool IsBoot(EvalContext context)
    {
        var pid = FieldReader.Read(context.Frame, pidSlot, 0, FieldCoercion.None);
        var name = FieldReader.Read(context.Frame, nameSlot, 0, FieldCoercion.None);
        return pid.IsNumber && pid.AsLong == 4 && name.IsText && name.ToText() == "System";
    }

    private string? ActionText(EvalContext context)
    {
        var frame = context.Frame;
        for (var i = 0; i < frame.CountOf(actionSlot); i++)
        {
            var value = FieldReader.Read(frame, actionSlot, i, FieldCoercion.None);
            var text = value.ToText();
            if (text is not null && (lineage.StartValues.Contains(text) || lineage.EndValues.Contains(text)))
            {
                return text;
            }
        }
        return null;
    }

    private static KeyValue Read(EvalContext context, int slot, FieldCoercion coercion) =>
        context.Frame.CountOf(slot) == 0 ? KeyValue.Null : KeyValue.From(FieldReader.Read(context.Frame, slot, 0, coercion));

    private sealed class Step(Action<EvalContext> action, Func<long> held) : ILineageStep
    {
        public void Observe(EvalContext context) => action(context);

        public long HeldEntries => held();
    }

    /// <summary>A set that forgets its oldest members past a size.</summary>
    private sealed class BoundedSet(int capacity)
    {
        private readonly HashSet<KeyValue> set = [];
        private readonly Queue<KeyValue> order = new();

        public long Forgotten { get; private set; }

        public bool Contains(KeyValue value) => set.Contains(value);

        /// <summary>Members plus age-order entries, stale ones included: what the set costs.</summary>
        public long HeldEntries => set.Count + order.Count;

        public void Add(KeyValue value)
        {
            if (!set.Add(value))
            {
                return;
            }
            order.Enqueue(value);
            while (set.Count > capacity && order.TryDequeue(out var oldest))
            {
                if (set.Remove(oldest))
                {
                    Forgotten++;
                }
            }
            Compact();
        }

        public void Remove(KeyValue value)
        {
            if (set.Remove(value))
            {
                Compact();
            }
        }

        // Removed members (ended processes) leave stale queue entries; once they outnumber the live ones the queue is
        // rebuilt from what is still held, so the state falls back as processes end (amortised: a rebuild follows at
        // least as many changes as it costs).
        private void Compact()
        {
            if (order.Count <= 2 * set.Count + 16)
            {
                return;
            }
            var live = new HashSet<KeyValue>();
            var kept = new List<KeyValue>(set.Count);
            // The latest entry of a value is its age: walk newest first, keep the first sighting, restore the order.
            foreach (var item in order.Reverse())
            {
                if (set.Contains(item) && live.Add(item))
                {
                    kept.Add(item);
                }
            }
            order.Clear();
            for (var i = kept.Count - 1; i >= 0; i--)
            {
                order.Enqueue(kept[i]);
            }
        }

        public void Clear()
        {
            set.Clear();
            order.Clear();
        }
    }
}
