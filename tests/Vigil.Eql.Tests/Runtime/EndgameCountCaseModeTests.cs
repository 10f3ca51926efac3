using System.Text;
using System.Text.Json.Nodes;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;
using Vigil.Eql.Tests.Semantics;

namespace Vigil.Eql.Tests.Runtime;

/// <summary>
/// The count pipe in both case modes over the Endgame QA data (the stand-in of endgame-140, i.e. endgameinc/eql's
/// eql/etc/test_data.json). count's output is aggregate records, not event ids, so the suite cases cannot hold it;
/// the expected records are the Python engine's output (endgameinc/eql at 7d8a09c through
/// tools/endgame-oracle/oracle.py, SENSITIVE=1 for the case-sensitive mode), compared as JSON values.
/// </summary>
public sealed class EndgameCountCaseModeTests
{
    public static TheoryData<string, bool, string> Cases => new()
    {
        // Folded, the 5-letter prefixes of "csrss.exe" and "CSRSS.EXE-006B4E4D.pf" are one key, shown as first seen.
        {
            "file where true | count substring(file_name, 0, 5)", true,
            "{\"count\":2,\"key\":\"somet\",\"percent\":0.08695652173913043}|{\"count\":3,\"key\":\"csrss\",\"percent\":0.13043478260869565}|" +
            "{\"count\":3,\"key\":\"explo\",\"percent\":0.13043478260869565}|{\"count\":3,\"key\":\"lsass\",\"percent\":0.13043478260869565}|" +
            "{\"count\":3,\"key\":\"servi\",\"percent\":0.13043478260869565}|{\"count\":3,\"key\":\"smss.\",\"percent\":0.13043478260869565}|" +
            "{\"count\":3,\"key\":\"svcho\",\"percent\":0.13043478260869565}|{\"count\":3,\"key\":\"winin\",\"percent\":0.13043478260869565}"
        },
        // Case-sensitive they are two keys; equal counts order by key, upper case first (ordinal).
        {
            "file where true | count substring(file_name, 0, 5)", false,
            "{\"count\":1,\"key\":\"CSRSS\",\"percent\":0.043478260869565216}|{\"count\":1,\"key\":\"EXPLO\",\"percent\":0.043478260869565216}|" +
            "{\"count\":1,\"key\":\"LSASS\",\"percent\":0.043478260869565216}|{\"count\":1,\"key\":\"SERVI\",\"percent\":0.043478260869565216}|" +
            "{\"count\":1,\"key\":\"SMSS.\",\"percent\":0.043478260869565216}|{\"count\":1,\"key\":\"SVCHO\",\"percent\":0.043478260869565216}|" +
            "{\"count\":1,\"key\":\"WININ\",\"percent\":0.043478260869565216}|{\"count\":2,\"key\":\"csrss\",\"percent\":0.08695652173913043}|" +
            "{\"count\":2,\"key\":\"explo\",\"percent\":0.08695652173913043}|{\"count\":2,\"key\":\"lsass\",\"percent\":0.08695652173913043}|" +
            "{\"count\":2,\"key\":\"servi\",\"percent\":0.08695652173913043}|{\"count\":2,\"key\":\"smss.\",\"percent\":0.08695652173913043}|" +
            "{\"count\":2,\"key\":\"somet\",\"percent\":0.08695652173913043}|{\"count\":2,\"key\":\"svcho\",\"percent\":0.08695652173913043}|" +
            "{\"count\":2,\"key\":\"winin\",\"percent\":0.08695652173913043}"
        },
        { "process where true | count parent_process_name, opcode | tail 2", true,
          "{\"count\":9,\"key\":[\"python.exe\",2],\"percent\":0.12162162162162163}|{\"count\":23,\"key\":[\"services.exe\",3],\"percent\":0.3108108108108108}" },
        { "process where true | count parent_process_name, opcode | tail 2", false,
          "{\"count\":9,\"key\":[\"python.exe\",2],\"percent\":0.12162162162162163}|{\"count\":23,\"key\":[\"services.exe\",3],\"percent\":0.3108108108108108}" },
        // After a join: python.exe (unique_pid 54, opcode 1) wrote svchost.exe files; the wildcard matches them only folded.
        { "join by unique_pid [process where opcode == 1] [file where file_name == \"SVCHOST*\"] | count", true, "{\"count\":1,\"key\":\"totals\"}" },
        { "join by unique_pid [process where opcode == 1] [file where file_name == \"SVCHOST*\"] | count", false, "{\"count\":0,\"key\":\"totals\"}" },
        { "process where process_name == \"SVCHOST.EXE\" | count", true, "{\"count\":14,\"key\":\"totals\"}" },
        { "process where process_name == \"SVCHOST.EXE\" | count", false, "{\"count\":0,\"key\":\"totals\"}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CountGivesThePythonEnginesRecordsInEachCaseMode(string query, bool foldCase, string expected)
    {
        if (SharedFolder.Combine("corpus", "eql-elasticsearch", "data", "endgame-140.stand-in.json") is not { } path)
        {
            return;
        }
        var events = JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .Select((e, i) => new EventInput(Encoding.UTF8.GetBytes(e!.ToJsonString()), "endgame-140", i + 1)).ToList();
        var parsed = EqlParser.Parse(query, EqlParserOptions.Endgame);
        Assert.True(parsed.Success, string.Join("; ", parsed.Diagnostics));
        var compiled = EqlCompiler.Compile(parsed.Statement!, new CompileOptions { EventCategoryField = "event_type", EndgameDialect = true, CaseInsensitiveEquality = foldCase });
        var result = QueryRunner.Run(compiled, events, new RunOptions { InputOrder = true });
        var got = result.Events.Select(e => JsonNode.Parse(e.Source.Span)).ToList();
        var want = expected.Split('|').Select(line => JsonNode.Parse(line)).ToList();
        Assert.Equal(want.Count, got.Count);
        for (var i = 0; i < want.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(want[i], got[i]), $"record {i + 1}: expected {want[i]!.ToJsonString()}, got {got[i]!.ToJsonString()}");
        }
    }
}
