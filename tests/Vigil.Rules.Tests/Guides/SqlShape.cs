using System.Text;

namespace Vigil.Rules.Tests.Guides;

/// <summary>
/// A test-side SQLite tokenizer, independent of the code under test: splits a query into its code (with every
/// string literal replaced by <c>?</c>) and the decoded literal values, so tests can check that filling values in
/// never changed the query's structure.
/// </summary>
internal static class SqlShape
{
    public static (string Code, List<string> Literals) Split(string sql)
    {
        var code = new StringBuilder();
        var literals = new List<string>();
        for (int i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '\'')
            {
                code.Append(sql[i]);
                continue;
            }

            var literal = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= sql.Length)
                {
                    throw new InvalidOperationException("unterminated literal in: " + sql);
                }

                if (sql[i] == '\'')
                {
                    if (i + 1 < sql.Length && sql[i + 1] == '\'')
                    {
                        literal.Append('\'');
                        i += 2;
                        continue;
                    }

                    break;
                }

                literal.Append(sql[i++]);
            }

            code.Append('?');
            literals.Add(literal.ToString());
        }

        return (code.ToString(), literals);
    }

    /// <summary>How many times <paramref name="token"/> occurs in the code part (outside literals).</summary>
    public static int CountInCode(string sql, string token)
    {
        string code = Split(sql).Code;
        int count = 0;
        for (int at = code.IndexOf(token, StringComparison.OrdinalIgnoreCase); at >= 0; at = code.IndexOf(token, at + token.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
