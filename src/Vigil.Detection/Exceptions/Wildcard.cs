namespace Vigil.Detection.Exceptions;

/// <summary>Elasticsearch <c>wildcard</c> query matching on a keyword: <c>*</c> any run, <c>?</c> one character, <c>\</c> escapes; case-sensitive.</summary>
public static class Wildcard
{
    public static bool IsMatch(string text, string pattern) => Match(text, 0, pattern, 0);

    private static bool Match(string text, int t, string pattern, int p)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (c == '*')
            {
                while (p < pattern.Length && pattern[p] == '*')
                {
                    p++;
                }
                if (p == pattern.Length)
                {
                    return true;
                }
                for (var i = t; i <= text.Length; i++)
                {
                    if (Match(text, i, pattern, p))
                    {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.Length)
            {
                return false;
            }
            if (c == '?')
            {
                t++;
                p++;
                continue;
            }
            if (c == '\\' && p + 1 < pattern.Length)
            {
                p++;
                c = pattern[p];
            }
            if (text[t] != c)
            {
                return false;
            }
            t++;
            p++;
        }
        return t == text.Length;
    }
}
