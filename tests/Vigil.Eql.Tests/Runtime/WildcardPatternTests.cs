using CsCheck;
using Vigil.Eql.Runtime;

namespace Vigil.Eql.Tests.Runtime;

public sealed class WildcardPatternTests
{
    // A tiny alphabet with both cases, a non-ASCII pair and the wildcards, so shapes and matches are frequent.
    private static readonly Gen<string> Pattern = Gen.Char["aAbİi*?"].Array[0, 6].Select(chars => new string(chars));
    private static readonly Gen<string> Text = Gen.Char["aAbBİi"].Array[0, 10].Select(chars => new string(chars));

    [Fact]
    public void TheShapeShortcutsOnLoweredTextAnswerAsTheGeneralMatcher()
    {
        Gen.Select(Pattern, Text, Gen.Bool).Sample((pattern, text, ignoreCase) =>
        {
            var wildcard = new WildcardPattern(pattern, ignoreCase);
            var prepared = new char[text.Length];
            if (ignoreCase)
            {
                WildcardPattern.Lower(text, prepared);
            }
            else
            {
                text.CopyTo(prepared);
            }
            Assert.Equal(Reference(pattern, text, ignoreCase), wildcard.IsMatch(text));
            Assert.Equal(wildcard.IsMatch(text), wildcard.IsMatchLowered(prepared));
        });
    }

    [Theory]
    [InlineData("*.EXE", "cmd.exe", true, true)]
    [InlineData("*.EXE", "cmd.exe", false, false)]
    [InlineData("c:\\*", "C:\\Windows", true, true)]
    [InlineData("*temp*", "/var/TEMP/x", true, true)]
    [InlineData("abc", "abcd", true, false)]
    [InlineData("", "", true, true)]
    [InlineData("*", "", true, true)]
    public void CommonShapes(string pattern, string text, bool ignoreCase, bool expected)
    {
        var wildcard = new WildcardPattern(pattern, ignoreCase);
        var prepared = new char[text.Length];
        if (ignoreCase)
        {
            WildcardPattern.Lower(text, prepared);
        }
        else
        {
            text.CopyTo(prepared);
        }
        Assert.Equal(expected, wildcard.IsMatchLowered(prepared));
    }

    // Backtracking by recursion: slow but obviously right.
    private static bool Reference(string pattern, string text, bool ignoreCase)
    {
        if (ignoreCase)
        {
            pattern = pattern.ToLowerInvariant();
        }
        bool Match(int p, int t)
        {
            if (p == pattern.Length)
            {
                return t == text.Length;
            }
            if (pattern[p] == '*')
            {
                return Match(p + 1, t) || (t < text.Length && Match(p, t + 1));
            }
            if (t == text.Length)
            {
                return false;
            }
            var c = ignoreCase ? char.ToLowerInvariant(text[t]) : text[t];
            return (pattern[p] == '?' || pattern[p] == c || pattern[p] == text[t]) && Match(p + 1, t + 1);
        }
        return Match(0, 0);
    }
}
