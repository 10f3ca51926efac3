using Vigil.Agent.Osquery;

namespace Vigil.Agent.Tests.Osquery;

public sealed class HostQueryEngineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vigil-osquery-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void AnUnknownTableIsAnErrorListingTheTablesWeProvide()
    {
        var result = new HostQueryEngine().Run("SELECT * FROM services");
        Assert.Empty(result.Rows);
        Assert.Contains("no table named 'services'", result.Error, StringComparison.Ordinal);
        foreach (string table in new[] { "listening_ports", "process_open_sockets", "users", "logged_in_users", "processes" })
        {
            Assert.Contains(table, result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASyntaxErrorCarriesSqlitesMessage()
    {
        var result = new HostQueryEngine().Run("SELEC pid FROM processes");
        Assert.Contains("near \"SELEC\": syntax error", result.Error, StringComparison.Ordinal);
        Assert.Equal("SELEC pid FROM processes", result.Query);
    }

    [Fact]
    public void AnUnknownColumnIsAnErrorNotACrash()
    {
        var result = new HostQueryEngine().Run("SELECT no_such_column FROM users");
        Assert.Contains("no such column: no_such_column", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ATTACH DATABASE '{0}' AS x")]
    [InlineData("CREATE TABLE t(a)")]
    [InlineData("SELECT 1; CREATE TABLE t(a)")]
    [InlineData("VACUUM INTO '{0}'")]
    [InlineData("PRAGMA table_info(users)")]
    public void QueriesCannotWriteOrAttach(string sql)
    {
        string target = Path.Combine(dir, "written.db");
        var result = new HostQueryEngine().Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, target));
        Assert.Contains("authoriz", result.Error, StringComparison.Ordinal); // "not authorized" or "authorization denied"
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void OnlyTheTablesAQueryNamesAreBuilt()
    {
        // A passwd file that warns: the warning shows only when users is built.
        string passwd = Path.Combine(dir, "passwd");
        File.WriteAllText(passwd, "short:line\n");
        var engine = new HostQueryEngine(HostSources.Default with { PasswdPath = passwd });

        Assert.Empty(engine.Run("SELECT count(*) FROM groups").Warnings);
        Assert.Single(engine.Run("SELECT count(*) FROM groups g JOIN users u ON u.gid = g.gid").Warnings);
    }

    [Fact]
    public void SqliteFunctionsAndSubqueriesWork()
    {
        var rows = HostQuery.Rows("WITH r AS (SELECT username, uid FROM users WHERE uid = 0) SELECT upper(username) AS u, (SELECT count(*) FROM r) AS n, datetime(0, 'unixepoch') AS t FROM r");
        Assert.Equal(("ROOT", "1", "1970-01-01 00:00:00"), (rows[0]["u"], rows[0]["n"], rows[0]["t"]));
    }

    [Fact]
    public void TableAndColumnNamesAreCaseInsensitiveAsInSqlite()
    {
        // SQLite names a result column after the table's column, not the spelling in the query.
        var rows = HostQuery.Rows("SELECT UID FROM Users WHERE USERNAME = 'root'");
        Assert.Equal("0", Assert.Single(rows)["uid"]);
    }

    [Fact]
    public void IntegerColumnsCompareAsNumbers()
    {
        // osquery's BIGINT columns have integer affinity: 10 > 9 numerically, and '0' = 0.
        Assert.NotEmpty(HostQuery.Rows("SELECT pid FROM processes WHERE pid > 0 AND parent >= 0 AND typeof(pid) = 'integer'"));
        Assert.Single(HostQuery.Rows("SELECT uid FROM users WHERE uid = '0'"));
    }
}
