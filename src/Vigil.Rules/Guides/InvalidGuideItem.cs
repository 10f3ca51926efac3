namespace Vigil.Rules.Guides;

/// <summary>A block whose configuration could not be read; it is shown with its error in its place.</summary>
/// <param name="Block">The block in the note.</param>
/// <param name="Error">What was wrong, starting "Unable to parse … JSON configuration" for bad JSON.</param>
public sealed record InvalidGuideItem(GuideBlock Block, string Error) : GuideItem(Block, GuideItemStatus.Invalid);
