namespace Vigil.Rules.Guides;

/// <summary>A plugin block of a guide after reading and placeholder filling.</summary>
/// <param name="Block">Where the block was in the note, and its raw configuration.</param>
/// <param name="Status">Whether the item can be used as it stands.</param>
public abstract record GuideItem(GuideBlock Block, GuideItemStatus Status)
{
    /// <summary>The numbered tag shown to the reader, e.g. <c>[osquery 3]</c>.</summary>
    public string Tag => $"[{Block.PluginName} {Block.Number}]";
}
