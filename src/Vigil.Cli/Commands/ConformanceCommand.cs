using System.CommandLine;
using Vigil.Cli.Conformance;
using Vigil.Eql.Runtime;

namespace Vigil.Cli.Commands;

/// <summary>`vigil conformance`: runs EQL QA suites (Elasticsearch's corpus, or any suite in its TOML shape).</summary>
public static class ConformanceCommand
{
    public static Command Create()
    {
        var command = new Command("conformance", "Run EQL conformance suites and report passed/failed cases.");
        var esCorpus = new Option<string?>("--es-corpus") { Description = "Folder of Elasticsearch's EQL QA suites (with data/)." };
        var suite = new Option<string?>("--suite") { Description = "One suite TOML file ([[queries]] with name, query, expected_event_ids)." };
        var data = new Option<string?>("--data") { Description = "Events for --suite (JSON array or NDJSON)." };
        var mapping = new Option<string?>("--mapping") { Description = "Optional ES mapping JSON giving field types for --suite." };
        var idField = new Option<string>("--id-field") { Description = "Field holding each event's id.", DefaultValueFactory = _ => "serial_event_id" };
        var categoryField = new Option<string>("--event-category-field") { Description = "Event category field.", DefaultValueFactory = _ => "event.category" };
        var tiebreakerField = new Option<string?>("--tiebreaker-field") { Description = "Tiebreaker field (orders equal timestamps)." };
        var fileTimeField = new Option<string?>("--filetime-field") { Description = "Windows FILETIME field to derive @timestamp from." };
        var dialect = DialectOption.Create();
        foreach (var option in new Option[] { esCorpus, suite, data, mapping, idField, categoryField, tiebreakerField, fileTimeField, dialect })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            var problems = 0;
            void Report(InputProblem problem)
            {
                problems++;
                Console.Error.WriteLine(problem.ToString());
            }
            try
            {
                ConformanceReport report;
                if (parseResult.GetValue(esCorpus) is { } corpus)
                {
                    if (!Directory.Exists(corpus))
                    {
                        Console.Error.WriteLine($"vigil conformance: no such folder: {corpus}");
                        return 2;
                    }
                    report = ConformanceSession.RunEsCorpus(corpus, Report);
                }
                else if (parseResult.GetValue(suite) is { } suiteFile && parseResult.GetValue(data) is { } dataFile)
                {
                    var indexMapping = parseResult.GetValue(mapping) is { } mappingFile ? IndexMapping.Load(mappingFile) : new IndexMapping();
                    var fileTime = parseResult.GetValue(fileTimeField);
                    var events = IndexDataLoader.Load(dataFile, indexMapping,
                        fileTime is null ? IndexDataLoader.TimestampTransform.None : IndexDataLoader.TimestampTransform.EndgameMillis,
                        Path.GetFileName(dataFile), Report, fileTime ?? "timestamp");
                    var dataset = new ConformanceDataset(Path.GetFileName(dataFile), events, indexMapping, parseResult.GetValue(idField)!,
                        parseResult.GetValue(tiebreakerField), parseResult.GetValue(categoryField)!, "@timestamp", new HashSet<string>());
                    report = ConformanceSession.RunSuite(suiteFile, dataset, parseResult.GetValue(dialect) == DialectOption.Endgame);
                }
                else
                {
                    Console.Error.WriteLine("vigil conformance: give --es-corpus DIR, or --suite FILE with --data FILE");
                    return 2;
                }
                report.Write(Console.Out);
                return problems > 0 || report.Failed > 0 ? 1 : 0;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or Tomlyn.TomlException)
            {
                Console.Error.WriteLine($"vigil conformance: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
