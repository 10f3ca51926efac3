using System.CommandLine;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Input;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Syntax;

namespace Vigil.Cli.Commands;

/// <summary>`vigil query QUERY FILE...`: runs one EQL query over event files with Elasticsearch's semantics.</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "Run an EQL query over events (NDJSON or JSON-array files, or - for stdin).");
        var query = new Argument<string>("query") { Description = "The EQL query." };
        var files = new Argument<string[]>("files") { Description = "Event files (NDJSON or a JSON array); - reads stdin.", Arity = ArgumentArity.OneOrMore };
        var timestampField = new Option<string>("--timestamp-field") { Description = "Timestamp field.", DefaultValueFactory = _ => "@timestamp" };
        var tiebreakerField = new Option<string?>("--tiebreaker-field") { Description = "Orders events with equal timestamps." };
        var categoryField = new Option<string>("--event-category-field") { Description = "Event category field.", DefaultValueFactory = _ => "event.category" };
        var size = new Option<int?>("--size") { Description = "Most events/sequences returned (ES default: 10; unlimited when omitted)." };
        var maxSamples = new Option<int>("--max-samples-per-key") { Description = "Samples per join key.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "jsonl (events / {join_keys, events}) or ids.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "ids");
        var idField = new Option<string>("--id-field") { Description = "Field printed by --format ids.", DefaultValueFactory = _ => "event.id" };
        var endgame = new Option<bool>("--case-insensitive") { Description = "Endgame dialect: ==, != and in compare strings case-insensitively." };
        command.Arguments.Add(query);
        command.Arguments.Add(files);
        foreach (var option in new Option[] { timestampField, tiebreakerField, categoryField, size, maxSamples, format, idField, endgame })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult => Run(
            parseResult.GetValue(query)!,
            parseResult.GetValue(files)!,
            new QueryCommandOptions
            {
                TimestampField = parseResult.GetValue(timestampField)!,
                TiebreakerField = parseResult.GetValue(tiebreakerField),
                EventCategoryField = parseResult.GetValue(categoryField)!,
                Size = parseResult.GetValue(size),
                MaxSamplesPerKey = parseResult.GetValue(maxSamples),
                Ids = parseResult.GetValue(format) == "ids",
                IdField = parseResult.GetValue(idField)!,
                CaseInsensitive = parseResult.GetValue(endgame),
            },
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Runs the command; data goes to <paramref name="stdout"/>, diagnostics to <paramref name="stderr"/>.</summary>
    public static int Run(string text, IReadOnlyList<string> files, QueryCommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = EqlParser.Parse(text);
        if (!parsed.Success || parsed.Statement is null)
        {
            foreach (var diagnostic in parsed.Diagnostics)
            {
                stderr.WriteLine(DiagnosticFormatter.Format(diagnostic, text));
            }
            return 1;
        }
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(parsed.Statement, new CompileOptions
            {
                TimestampField = options.TimestampField,
                TiebreakerField = options.TiebreakerField,
                EventCategoryField = options.EventCategoryField,
                CaseInsensitiveEquality = options.CaseInsensitive,
            });
        }
        catch (EqlCompileException error)
        {
            stderr.WriteLine($"error: {error.Span}: {error.Message}");
            return 1;
        }
        var problems = 0;
        void Report(InputProblem problem)
        {
            problems++;
            stderr.WriteLine(problem.ToString());
        }
        var inputs = new List<EventInput>();
        foreach (var file in files)
        {
            try
            {
                inputs.AddRange(EventFileReader.Read(file, Report));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                Report(new InputProblem(file, 0, null, error.Message));
            }
        }
        var result = QueryRunner.Run(compiled, inputs, new RunOptions { Size = options.Size, MaxSamplesPerKey = options.MaxSamplesPerKey }, Report);
        if (result.Statistics.EventsWithoutTimestamp > 0)
        {
            stderr.WriteLine($"warning: {result.Statistics.EventsWithoutTimestamp} event(s) without a readable '{options.TimestampField}' were skipped");
        }
        Write(stdout, result, options.Ids, options.IdField);
        stdout.Flush();
        if (problems > 0)
        {
            stderr.WriteLine($"{problems} bad event(s) skipped");
            return 1;
        }
        return 0;
    }

    private static void Write(TextWriter output, QueryResult result, bool ids, string idField)
    {
        if (!result.IsSequenceResult)
        {
            foreach (var matched in result.Events)
            {
                output.WriteLine(ids ? IdOf(matched, idField) : Encoding.UTF8.GetString(Compact(matched.Source).Span));
            }
            return;
        }
        foreach (var sequence in result.Sequences)
        {
            if (ids)
            {
                output.WriteLine(string.Join(' ', sequence.Events.Select(e => e is null ? "-1" : IdOf(e, idField))));
                continue;
            }
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("join_keys");
                foreach (var key in sequence.JoinKeys)
                {
                    if (key is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteStringValue(key);
                    }
                }
                writer.WriteEndArray();
                writer.WriteStartArray("events");
                foreach (var matched in sequence.Events)
                {
                    if (matched is null)
                    {
                        writer.WriteStartObject();
                        writer.WriteBoolean("missing", true);
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteRawValue(Compact(matched.Source).Span, skipInputValidation: true);
                    }
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    // JSONL needs one line per record: events read from pretty-printed arrays are re-written without line breaks.
    private static ReadOnlyMemory<byte> Compact(ReadOnlyMemory<byte> source)
    {
        if (source.Span.IndexOfAny((byte)'\n', (byte)'\r') < 0)
        {
            return source;
        }
        using var document = JsonDocument.Parse(source, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            document.RootElement.WriteTo(writer);
        }
        return buffer.ToArray();
    }

    private static string IdOf(MatchedEvent matched, string idField)
    {
        using var document = JsonDocument.Parse(matched.Source);
        var element = document.RootElement;
        if (element.TryGetProperty(idField, out var value))
        {
            return value.ToString();
        }
        foreach (var part in idField.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return "null";
            }
        }
        return element.ToString();
    }
}
