using Markdig.Syntax;

namespace Vigil.Rules.Guides;

/// <summary>The leaf blocks under a container, in document order, found without recursion (for very deep notes).</summary>
public static class MarkdownLeaves
{
    /// <summary>Every leaf block below <paramref name="container"/>.</summary>
    public static List<LeafBlock> Of(ContainerBlock container)
    {
        var leaves = new List<LeafBlock>();
        var pending = new Stack<Block>();
        for (int i = container.Count - 1; i >= 0; i--)
        {
            pending.Push(container[i]);
        }

        while (pending.Count > 0)
        {
            var block = pending.Pop();
            if (block is LeafBlock leaf)
            {
                leaves.Add(leaf);
            }
            else if (block is ContainerBlock inner)
            {
                for (int i = inner.Count - 1; i >= 0; i--)
                {
                    pending.Push(inner[i]);
                }
            }
        }

        return leaves;
    }
}
