using System.Text;
using Vigil.Eql.Semantics;
using Vigil.Eql.Syntax;
using Vigil.Events.Projection;
using Vigil.Events.Readers;
using Vigil.Kql.Semantics;
using Vigil.Rules.Guides;
using Vigil.Rules;
using Vigil.Server.Ingest;

namespace Vigil.Cli.Tests.Fuzz;

/// <summary>
/// The code that takes input from outside, one entry point per target, each fed arbitrary bytes. Any exception that
/// escapes is a crash: these entry points promise to report bad input, never to throw on it.
/// </summary>
internal static class FuzzTargets
{
    public static readonly string[] Names = ["eql", "kql", "readers", "bulk", "toml", "kibana", "guide"];

    private static readonly FieldLayout Layout = new(["@timestamp", "process.name", "process.entity_id", "event.category", "host.id", "_source"]);

    public static Action<byte[]> Get(string name) => name switch
    {
        "eql" => Eql,
        "kql" => Kql,
        "readers" => Readers,
        "bulk" => Bulk,
        "toml" => Toml,
        "kibana" => Kibana,
        "guide" => Guide,
        _ => throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>EQL parser, binder against the ECS schema, and the diagnostics formatter.</summary>
    private static void Eql(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var analysis = EqlAnalyzer.Analyze(text, Schema.Default);
        _ = DiagnosticFormatter.FormatAll(analysis.Diagnostics, text);
        if (analysis.Statement is { } statement)
        {
            _ = EqlPrinter.Print(statement);
        }
    }

    /// <summary>KQL parser and binder against the ECS schema, and the diagnostics formatter.</summary>
    private static void Kql(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        _ = DiagnosticFormatter.FormatAll(KqlAnalyzer.Analyze(text, Schema.Default), text);
    }

    /// <summary>
    /// <c>vigil serve</c>'s <c>_bulk</c> body: the action lines, then every document as the store would take it. A body
    /// refused whole (<see cref="BulkFormatException"/>) is the endpoint's 400 with the line number, not a crash.
    /// </summary>
    private static void Bulk(byte[] input)
    {
        var operations = new List<BulkOperation>();
        try
        {
            BulkRequestParser.Parse(input, "logs-fuzz", operations);
        }
        catch (BulkFormatException e)
        {
            _ = e.Message;
            return;
        }
        var preparer = new DocumentPreparer(DateTimeOffset.UnixEpoch);
        foreach (var operation in operations)
        {
            if (operation.Kind != BulkActionKind.Delete)
            {
                _ = preparer.Prepare(operation.Source, operation.Id ?? "fuzz");
            }
        }
    }

    /// <summary>Format detection and every reader (NDJSON, hits, search responses, _bulk, arrays), then projection.</summary>
    private static void Readers(byte[] input)
    {
        var sink = new ProjectingSink();
        InputReader.ReadStream(new MemoryStream(input), "fuzz", sink, new ReaderOptions { BufferBytes = 4096, MaxRecordBytes = 1 << 16, ValidateNdjson = true });
    }

    /// <summary>The TOML rule reader.</summary>
    private static void Toml(byte[] input) => TomlRuleReader.Read(Encoding.UTF8.GetString(input), "fuzz.toml");

    /// <summary>The Kibana rule-export reader (NDJSON of rule objects and the export summary).</summary>
    private static void Kibana(byte[] input) => KibanaNdjsonReader.Read(Encoding.UTF8.GetString(input), "fuzz.ndjson");

    /// <summary>Guide building and all three renderers, with the input as the note and (when it parses) as the alert.</summary>
    private static void Guide(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        AlertDocument? alert = null;
        try
        {
            alert = AlertDocument.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not an alert: the note alone is rendered.
        }
        var guide = GuideBuilder.Build(text, alert, "fuzz", "fuzz");
        _ = TerminalGuideRenderer.Render(guide, color: true);
        _ = HtmlGuideRenderer.Render(guide);
        _ = MarkdownGuideRenderer.Render(guide);
    }

    private sealed class ProjectingSink : IRecordSink
    {
        private readonly EventFrame frame = new(Layout);

        public void Accept(in RecordOrigin origin, ReadOnlySpan<byte> source, ReadOnlySpan<byte> index, ReadOnlySpan<byte> id)
        {
            if (frame.Load(source).Success && frame.CountOf(0) > 0)
            {
                EventTimestamp.TryRead(frame, frame.ValueOf(0, 0), out _);
            }
        }

        public void Reject(InputError error) => _ = error.ToString();
    }
}
