using System.Text;

namespace Vigil.Events.Projection;

/// <summary>
/// The projected paths of a <see cref="FieldLayout"/> as a tree of UTF-8 name segments (split at dots), so the frame
/// filler can follow a JSON property by its raw bytes: no path is built, no text transcoded, and an object no path
/// reaches is skipped at its first property name. A flattened key such as <c>"process.name"</c> walks two segments.
/// </summary>
internal sealed class FieldTrie
{
    private readonly List<Node> nodes = [new Node()];

    public FieldTrie(IReadOnlyList<string> paths)
    {
        for (var slot = 0; slot < paths.Count; slot++)
        {
            var node = 0;
            foreach (var segment in paths[slot].Split('.'))
            {
                var bytes = Encoding.UTF8.GetBytes(segment);
                var child = Find(node, bytes);
                if (child < 0)
                {
                    child = nodes.Count;
                    nodes.Add(new Node());
                    nodes[node].Names.Add(bytes);
                    nodes[node].Children.Add(child);
                }
                node = child;
            }
            if (nodes[node].Slot < 0)
            {
                nodes[node].Slot = slot;
            }
        }
        foreach (var node in nodes)
        {
            node.Freeze();
        }
    }

    /// <summary>The node of the empty path.</summary>
    public const int Root = 0;

    /// <summary>The slot of the path ending at <paramref name="node"/>, or -1.</summary>
    public int SlotOf(int node) => nodes[node].Slot;

    /// <summary>Whether some projected path continues below <paramref name="node"/>.</summary>
    public bool HasChildren(int node) => nodes[node].NameArray.Length > 0;

    /// <summary>
    /// Follows a property name (one or more dot-separated segments) from <paramref name="node"/>; -1 when no
    /// projected path goes that way.
    /// </summary>
    public int Walk(int node, ReadOnlySpan<byte> name)
    {
        while (true)
        {
            var dot = name.IndexOf((byte)'.');
            var segment = dot < 0 ? name : name[..dot];
            node = Find(node, segment);
            if (node < 0 || dot < 0)
            {
                return node;
            }
            name = name[(dot + 1)..];
        }
    }

    private int Find(int node, ReadOnlySpan<byte> segment)
    {
        var current = nodes[node];
        var names = current.NameArray;
        if (names.Length == 0 && current.Names.Count > 0)
        {
            // Still building: the frozen arrays are not there yet.
            for (var i = 0; i < current.Names.Count; i++)
            {
                if (segment.SequenceEqual(current.Names[i]))
                {
                    return current.Children[i];
                }
            }
            return -1;
        }
        for (var i = 0; i < names.Length; i++)
        {
            var candidate = names[i];
            if (candidate.Length == segment.Length && segment.SequenceEqual(candidate))
            {
                return current.ChildArray[i];
            }
        }
        return -1;
    }

    private sealed class Node
    {
        public int Slot = -1;
        public readonly List<byte[]> Names = [];
        public readonly List<int> Children = [];
        public byte[][] NameArray = [];
        public int[] ChildArray = [];

        public void Freeze()
        {
            NameArray = [.. Names];
            ChildArray = [.. Children];
        }
    }
}
