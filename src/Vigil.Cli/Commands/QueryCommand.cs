using System.CommandLine;
using System.Text;
using System.Text.Json;
using Vigil.Cli.Input;
using Vigil.Eql.Compilation;
using Vigil.Eql.Runtime;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Prefilter;
using Vigil.Events.Readers;

namespace Vigil.Cli.Commands;

/// <summary>
/// `vigil query QUERY INPUT...`: runs one EQL query over events with Elasticsearch's semantics, streaming: inputs are
/// read by <see cref="InputReader"/> (every format `vigil scan` reads), lines the query's required literals rule out
/// are skipped unparsed, and <see cref="StreamingQuery"/> puts the rest in time order without holding the input.
/// </summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var command = new Command("query", "Run an EQL query over events (NDJSON, JSON arrays, ES search responses or _bulk, gzip or not; directories; - for stdin).");
        var query = new Argument<string>("query") { Description = "The EQL query." };
        var files = new Argument<string[]>("files") { Description = "Event files or directories (NDJSON, JSON array, ES hits, _bulk; .gz by content); - reads stdin.", Arity = ArgumentArity.OneOrMore };
        var timestampField = new Option<string>("--timestamp-field") { Description = "Timestamp field.", DefaultValueFactory = _ => "@timestamp" };
        var tiebreakerField = new Option<string?>("--tiebreaker-field") { Description = "Orders events with equal timestamps." };
        var categoryField = new Option<string>("--event-category-field") { Description = "Event category field.", DefaultValueFactory = _ => "event.category" };
        var size = new Option<int?>("--size") { Description = "Most events/sequences returned (ES default: 10; unlimited when omitted)." };
        var maxSamples = new Option<int>("--max-samples-per-key") { Description = "Samples per join key.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "jsonl (events / {join_keys, events}) or ids.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "ids");
        var idField = new Option<string>("--id-field") { Description = "Field printed by --format ids.", DefaultValueFactory = _ => "event.id" };
        var endgame = new Option<bool>("--case-insensitive") { Description = "Endgame dialect: ==, != and in compare strings case-insensitively." };
        var reorderWindow = new Option<double>("--reorder-window") { Description = "Sequences: seconds of event time events wait to be put in time order", DefaultValueFactory = _ => 5 };
        var reorderEvents = new Option<int>("--reorder-events") { Description = "Sequences: most events waiting to be put in time order", DefaultValueFactory = _ => 50_000 };
        var validateJson = new Option<bool>("--validate-json") { Description = "Also parse the NDJSON lines the query cannot match, to report any broken one (by default they get cheap checks only: UTF-8, one {...} object, balanced quotes)" };
        var threads = new Option<int>("--threads") { Description = "Threads that scan NDJSON input; results do not depend on it", DefaultValueFactory = _ => ScanCommand.DefaultThreads };
        var language = KqlQueryCommand.LanguageOption();
        var dialect = DialectOption.Create();
        var caseSensitive = DialectOption.CaseSensitive();
        var inputOrder = DialectOption.InputOrder();
        var lineage = DialectOption.Lineage();
        var definitions = DefinitionsOption.Create();
        var pipeMemory = new Option<string>("--pipe-memory")
        {
            Description = "Endgame pipes: head, filter and unique stream (unique keeps one key per value); tail keeps its last N; " +
                "sort needs the whole input (every result), count and unique_count one group per key, and they hand on their output " +
                "when the input ends. This bounds what those pipes hold (b, kb, mb, gb; at most 2gb); past it the query stops with " +
                "an error naming the pipe",
            DefaultValueFactory = _ => "512mb",
        };
        command.Arguments.Add(query);
        command.Arguments.Add(files);
        foreach (var option in new Option[] { timestampField, tiebreakerField, categoryField, size, maxSamples, format, idField, endgame, reorderWindow, reorderEvents, validateJson, threads, language, dialect, caseSensitive, inputOrder, lineage, definitions, pipeMemory })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            var window = parseResult.GetValue(reorderWindow);
            var waiting = parseResult.GetValue(reorderEvents);
            if (!(window >= 0) || waiting < 1)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("error: --reorder-window must be >= 0 and --reorder-events >= 1");
                return 2;
            }
            if (!ServeCommand.TryParseSize(parseResult.GetValue(pipeMemory)!, out var pipeBytes))
            {
                parseResult.InvocationConfiguration.Error.WriteLine("error: --pipe-memory must be a size from 1kb to 2gb (b, kb, mb, gb)");
                return 2;
            }
            var missing = Vigil.Cli.Input.InputPaths.Missing(parseResult.GetValue(files) ?? []);
            foreach (var problem in missing)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"vigil query: {problem}");
            }
            if (missing.Count > 0)
            {
                return 2;
            }
            // Console.Out flushes every write; matches go out through one buffered writer instead.
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            return Run(
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
                CaseInsensitive = parseResult.GetValue(endgame) || (parseResult.GetValue(dialect) == DialectOption.Endgame && !parseResult.GetValue(caseSensitive)),
                Endgame = parseResult.GetValue(dialect) == DialectOption.Endgame,
                // Endgame: input order unless a timestamp field is named (the Python engine never sorts).
                InputOrder = parseResult.GetValue(inputOrder) ||
                    (parseResult.GetValue(dialect) == DialectOption.Endgame && parseResult.GetResult(timestampField) is not { Implicit: false }),
                Lineage = DialectOption.LineageFieldsOf(parseResult.GetValue(lineage)),
                DefinitionFiles = parseResult.GetValue(definitions) ?? [],
                ReorderWindow = TimeSpan.FromSeconds(window),
                ReorderMaxEvents = waiting,
                ValidateJson = parseResult.GetValue(validateJson),
                Threads = Math.Clamp(parseResult.GetValue(threads), 1, 64),
                Language = parseResult.GetValue(language)!,
                PipeMemoryBytes = pipeBytes,
            },
            stdout,
            parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Runs the command; data goes to <paramref name="stdout"/>, diagnostics to <paramref name="stderr"/>.</summary>
    public static int Run(string text, IReadOnlyList<string> files, QueryCommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (options.Language == "kuery")
        {
            return KqlQueryCommand.Run(text, files, options, stdout, stderr);
        }
        var parserOptions = DefinitionsOption.Apply(options.Endgame ? EqlParserOptions.Endgame : EqlParserOptions.Default, options.DefinitionFiles, stderr);
        if (parserOptions is null)
        {
            return 2;
        }
        var parsed = EqlParser.Parse(text, parserOptions);
        if (!parsed.Success || parsed.Statement is null)
        {
            foreach (var line in DiagnosticFormatter.FormatAll(parsed.Diagnostics, text))
            {
                stderr.WriteLine(line);
            }
            return 1;
        }
        CompiledQuery compiled;
        try
        {
            compiled = EqlCompiler.Compile(parsed.Statement, options.ToCompileOptions());
        }
        catch (EqlCompileException error)
        {
            stderr.WriteLine($"error: {error.Span}: {error.Message}");
            return 1;
        }
        // The Endgame dialect reads wildcards in ==, lineage and join, which the literal prefilter does not model.
        var prefilter = options.Endgame ? LinePrefilter.PassThrough : BuildPrefilter(parsed.Statement, files, options);
        return RunCompiled(compiled, prefilter, files, options, stdout, stderr);
    }

    /// <summary>Streams the inputs through a compiled query (EQL, or KQL compiled to the same plan) and writes the matches.</summary>
    internal static int RunCompiled(CompiledQuery compiled, LinePrefilter prefilter, IReadOnlyList<string> files, QueryCommandOptions options,
        TextWriter stdout, TextWriter stderr)
    {
        var stream = new StreamingQuery(compiled,
            new RunOptions { Size = options.Size, MaxSamplesPerKey = options.MaxSamplesPerKey, InputOrder = options.InputOrder, PipeMemoryBytes = options.PipeMemoryBytes },
            new ReorderOptions { Window = options.ReorderWindow, MaxEvents = options.ReorderMaxEvents });
        var sink = new StreamingQuerySink(stream, prefilter, error => stderr.WriteLine($"error: {error}"));
        // Plain NDJSON: the reader drops the lines the prefilter rules out over whole chunks, in --threads threads
        // (cheap checks on those, or a full parse with --validate-json); other formats reach the sink's own check.
        QueryResult result;
        try
        {
            InputReader.Read(files, sink, new ReaderOptions
            {
                ValidateNdjson = options.ValidateJson,
                Prefilter = prefilter.PassesEverything ? null : prefilter,
                Threads = options.Threads,
            });
            result = stream.Finish();
        }
        catch (PipeMemoryExceededException error)
        {
            // Nothing is written: a cut result would look complete.
            stderr.WriteLine($"error: {error.Message}");
            return 1;
        }
        if (result.Statistics.EventsWithoutTimestamp > 0)
        {
            stderr.WriteLine($"warning: {result.Statistics.EventsWithoutTimestamp} event(s) without a readable '{options.TimestampField}' were skipped");
        }
        if (stream.LateEvents > 0)
        {
            stderr.WriteLine($"warning: {stream.LateEvents} event(s) arrived later than the reorder window ({options.ReorderWindow.TotalSeconds} s / {options.ReorderMaxEvents} events) and were evaluated out of time order; raise --reorder-window or sort the input");
        }
        Write(stdout, result, options.Ids, options.IdField);
        stdout.Flush();
        if (sink.Errors > 0)
        {
            stderr.WriteLine($"{sink.Errors} bad event(s) skipped");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// The lines worth parsing: those that may hold the query's required literals (the reader chooses the anchors
    /// from the first chunk of the input). Small inputs (known size under <see cref="QueryCommandOptions.PrefilterMinBytes"/>) are parsed
    /// whole: building the prefilter (literal extraction, the field schema, calibration) would cost more start-up
    /// time than it saves.
    /// </summary>
    private static LinePrefilter BuildPrefilter(EqlStatement statement, IReadOnlyList<string> files, QueryCommandOptions options)
    {
        if (KnownInputBytes(files) is { } bytes && bytes < options.PrefilterMinBytes)
        {
            return LinePrefilter.PassThrough;
        }
        var prefilter = LinePrefilter.Create(RequiredLiterals.ForStatement(statement, new RequiredLiteralOptions
        {
            EndgameDialect = options.CaseInsensitive,
            CategoryField = options.EventCategoryField,
            IsVerbatimStringField = Schema.Default.IsVerbatimString,
        }));
        return prefilter;
    }

    /// <summary>The inputs' total size on disk, or null when some size is unknown (stdin, pipes, devices, links).</summary>
    private static long? KnownInputBytes(IReadOnlyList<string> files)
    {
        long total = 0;
        try
        {
            foreach (var path in files)
            {
                if (path == InputReader.StandardInput)
                {
                    return null;
                }
                if (Directory.Exists(path))
                {
                    foreach (var file in InputReader.ListDirectory(path))
                    {
                        total += new FileInfo(file).Length;
                    }
                    continue;
                }
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    continue; // The reader reports it.
                }
                if (info.Length == 0 || (info.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    // A pipe, a device or a link: its length says nothing of what will be read.
                    return null;
                }
                total += info.Length;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return total;
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
