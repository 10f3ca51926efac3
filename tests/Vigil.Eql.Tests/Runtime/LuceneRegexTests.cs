using System.Text.RegularExpressions;
using Vigil.Eql.Runtime;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// Elasticsearch runs <c>regex</c> as a Lucene <c>regexp</c> query; these cases follow Lucene's RegExp syntax
/// (a backslash escapes any character, <c>^ $</c> are literal, <c>"..."</c> quotes, <c>@</c> any string).
/// </summary>
public sealed class LuceneRegexTests
{
    private static bool Matches(string lucene, string text)
    {
        Assert.True(LuceneRegex.TryTranslate(lucene, out var translated, out var error), error);
        return Regex.IsMatch(text, "^(?:" + translated + ")$", RegexOptions.NonBacktracking | RegexOptions.Singleline);
    }

    [Theory]
    // The corpus rule privilege_escalation_create_process_with_token_unpriv uses \_ and \- inside a class.
    [InlineData(@"[C-Z]:\\Windows\\(System32|SysWOW64)\\[a-zA-Z0-9\-\_\.]+\.exe", @"C:\Windows\System32\my_tool-1.exe", true)]
    [InlineData(@"[C-Z]:\\Windows\\(System32|SysWOW64)\\[a-zA-Z0-9\-\_\.]+\.exe", @"C:\Windows\Temp\x.exe", false)]
    [InlineData(@"a\_b", "a_b", true)]
    [InlineData(@"^abc$", "^abc$", true)]
    [InlineData(@"^abc$", "abc", false)]
    [InlineData("\"a.b\"c", "a.bc", true)]
    [InlineData("\"a.b\"c", "axbc", false)]
    [InlineData("ab@", "abzzz", true)]
    [InlineData("a#", "a", false)]
    [InlineData(@"\d+", "123", true)]
    [InlineData(@"\d+", "١٢٣", false)]
    [InlineData(@"\w+", "ab_9", true)]
    [InlineData(@"[^a-c]x", "dx", true)]
    [InlineData(@"[^a-c]x", "bx", false)]
    [InlineData(@"a[[]b", "a[b", true)]
    [InlineData(@"a.c", "a\nc", true)]
    public void FollowsLuceneSyntax(string pattern, string text, bool expected) => Assert.Equal(expected, Matches(pattern, text));

    [Theory]
    [InlineData("ab~c", "complement")]
    [InlineData("a&b", "intersection")]
    [InlineData("<1-10>", "interval")]
    [InlineData("abc\\", "lone backslash")]
    [InlineData("[abc", "not closed")]
    [InlineData("\"abc", "not closed")]
    public void RefusesWhatItCannotExpress(string pattern, string phrase)
    {
        Assert.False(LuceneRegex.TryTranslate(pattern, out _, out var error));
        Assert.Contains(phrase, error);
    }
}
