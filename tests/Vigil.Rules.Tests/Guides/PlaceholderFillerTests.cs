using Microsoft.Data.Sqlite;
using System.Text.Json;
using CsCheck;
using Vigil.Rules.Guides;

namespace Vigil.Rules.Tests.Guides;

public sealed class PlaceholderFillerTests
{
    private static AlertDocument Alert(object fields) => AlertDocument.Parse(JsonSerializer.Serialize(fields));

    private static AlertDocument UserAlert(string userName) => Alert(new Dictionary<string, object> { ["user.name"] = userName });

    [Fact]
    public void UnquotedPlaceholderBecomesAStringLiteral()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username = {{user.name}}", UserAlert("root"));
        Assert.Equal("SELECT * FROM users WHERE username = 'root'", filled.Text);
        Assert.Equal(GuideItemStatus.Ready, filled.Status);
        Assert.Equal(new[] { "user.name" }, filled.Fields);
        Assert.Empty(filled.MissingFields);
    }

    [Fact]
    public void InjectionAttemptStaysOneLiteralInOneComparison()
    {
        const string hostile = "x' OR '1'='1";
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username = {{user.name}}", UserAlert(hostile));
        Assert.Equal("SELECT * FROM users WHERE username = 'x'' OR ''1''=''1'", filled.Text);
        var (code, literals) = SqlShape.Split(filled.Text);
        Assert.Equal("SELECT * FROM users WHERE username = ?", code);
        Assert.Equal(new[] { hostile }, literals);
        Assert.Equal(1, SqlShape.CountInCode(filled.Text, "="));
        Assert.Equal(0, SqlShape.CountInCode(filled.Text, " OR "));
    }

    [Fact]
    public void AnyValueKeepsTheQueryStructure()
    {
        var value = Gen.String[Gen.OneOf(Gen.Char['\'', '\''], Gen.Char['"', '"'], Gen.Char[' ', '~'], Gen.Const('\n'), Gen.Const(';')), 1, 30];
        value.Sample(v =>
        {
            var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username = {{user.name}} AND shell = '/bin/{{user.name}}'", UserAlert(v));
            var (code, literals) = SqlShape.Split(filled.Text);
            Assert.Equal("SELECT * FROM users WHERE username = ? AND shell = ?", code);
            Assert.Equal(new[] { v, "/bin/" + v }, literals);
        }, iter: 1000);
    }

    [Fact]
    public void PlaceholderAlreadyInsideQuotesIsNotQuotedAgain()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username LIKE '%{{user.name}}%'", UserAlert("o'brien"));
        Assert.Equal("SELECT * FROM users WHERE username LIKE '%o''brien%'", filled.Text);
    }

    [Fact]
    public void PlaceholderInsideDoubleQuotesDoublesDoubleQuotes()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username = \"{{user.name}}\"", UserAlert("a\"b"));
        Assert.Equal("SELECT * FROM users WHERE username = \"a\"\"b\"", filled.Text);
    }

    [Fact]
    public void EscapedQuoteInsideALiteralDoesNotEndIt()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT 'it''s {{user.name}}' AS x, {{user.name}} AS y", UserAlert("a'b"));
        Assert.Equal("SELECT 'it''s a''b' AS x, 'a''b' AS y", filled.Text);
    }

    [Fact]
    public void ValueInALineCommentCannotEndTheComment()
    {
        var filled = PlaceholderFiller.FillQuery("-- user {{user.name}}\nSELECT 1", UserAlert("x\nDROP TABLE users"));
        Assert.Equal("-- user x DROP TABLE users\nSELECT 1", filled.Text);
        var block = PlaceholderFiller.FillQuery("/* {{user.name}} */ SELECT 1", UserAlert("*/ DROP"));
        Assert.Equal("/* * / DROP */ SELECT 1", block.Text);
    }

    [Fact]
    public void NumbersStayNumbers()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM processes WHERE pid = {{process.pid}}", Alert(new { process = new { pid = 4242 } }));
        Assert.Equal("SELECT * FROM processes WHERE pid = 4242", filled.Text);
    }

    [Fact]
    public void FieldNamesAreTrimmed()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT {{ user.name }}", UserAlert("root"));
        Assert.Equal("SELECT 'root'", filled.Text);
        Assert.Equal(new[] { "user.name" }, filled.Fields);
    }

    [Fact]
    public void MissingFieldIsMarkedAndTheQuerySkipped()
    {
        var filled = PlaceholderFiller.FillQuery(
            "SELECT * FROM users WHERE username = {{user.name}} AND uid = {{user.id}}",
            Alert(new Dictionary<string, object> { ["user.id"] = "1000" }));
        Assert.Equal("SELECT * FROM users WHERE username = ⟨user.name: missing⟩ AND uid = '1000'", filled.Text);
        Assert.Equal(GuideItemStatus.Skipped, filled.Status);
        Assert.Equal(new[] { "user.name" }, filled.MissingFields);
        Assert.DoesNotContain("{{", filled.Text);
    }

    [Fact]
    public void EmptyOrNullValuesCountAsMissingLikeKibana()
    {
        Assert.Equal(GuideItemStatus.Skipped, PlaceholderFiller.FillQuery("SELECT {{user.name}}", UserAlert("")).Status);
        Assert.Equal(GuideItemStatus.Skipped, PlaceholderFiller.FillQuery("SELECT {{user.name}}", AlertDocument.Parse("{\"user\":{\"name\":null}}")).Status);
    }

    [Fact]
    public void WithoutAnAlertTheQueryIsATemplate()
    {
        var filled = PlaceholderFiller.FillQuery("SELECT * FROM users WHERE username = {{user.name}}", null);
        Assert.Equal("SELECT * FROM users WHERE username = {{user.name}}", filled.Text);
        Assert.Equal(GuideItemStatus.Template, filled.Status);
        Assert.Equal(GuideItemStatus.Ready, PlaceholderFiller.FillQuery("SELECT 1", null).Status);
    }

    [Fact]
    public void InvestigateValuesAreFilledVerbatim()
    {
        var filled = PlaceholderFiller.FillValue("{{host.id}}", Alert(new { host = new { id = "h'1" } }));
        Assert.Equal("h'1", filled.Text);
        Assert.Equal(GuideItemStatus.Ready, filled.Status);
        Assert.Equal(GuideItemStatus.Skipped, PlaceholderFiller.FillValue("{{host.id}}", Alert(new { })).Status);
        Assert.Equal("process", PlaceholderFiller.FillValue("process", null).Text);
    }

    [Fact]
    public void FilledQueryRunsInSqliteAndMatchesOnlyTheHostileUser()
    {
        // An independent oracle: a real SQL engine runs the filled query; only the hostile user's own row may come back.
        const string hostile = "x' OR '1'='1";
        var filled = PlaceholderFiller.FillQuery("SELECT username FROM users WHERE username = {{user.name}};", UserAlert(hostile));
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE users(username TEXT);INSERT INTO users VALUES('root'),('x'' OR ''1''=''1'),('alice');";
            setup.ExecuteNonQuery();
        }
        using var query = connection.CreateCommand();
        query.CommandText = filled.Text;
        var rows = new List<string>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(reader.GetString(0));
            }
        }
        Assert.Equal([hostile], rows);
    }
}
