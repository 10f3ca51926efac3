namespace Vigil.Rules.Guides;

/// <summary>Whether an Osquery or Investigate item can be used as it stands.</summary>
public enum GuideItemStatus
{
    /// <summary>Every placeholder was filled from the alert (or there were none).</summary>
    Ready,

    /// <summary>The alert lacks a placeholder's field; like Kibana, the item is skipped (not runnable).</summary>
    Skipped,

    /// <summary>No alert was given: placeholders are shown as they are, to be filled when an alert exists.</summary>
    Template,

    /// <summary>The block's configuration could not be read.</summary>
    Invalid,
}
