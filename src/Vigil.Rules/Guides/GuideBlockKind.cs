namespace Vigil.Rules.Guides;

/// <summary>The kinds of Kibana investigation-guide plugin blocks.</summary>
public enum GuideBlockKind
{
    /// <summary><c>!{osquery{...}}</c>: a live Osquery query button.</summary>
    Osquery,

    /// <summary><c>!{investigate{...}}</c>: an "Investigate in Timeline" button.</summary>
    Investigate,
}
