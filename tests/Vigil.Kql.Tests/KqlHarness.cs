using System.Text;
using Vigil.Eql.Runtime;
using Vigil.Eql.Semantics;
using Vigil.Events.Projection;
using Vigil.Kql.Compilation;
using Vigil.Kql.Syntax;

namespace Vigil.Kql.Tests;

/// <summary>Compiles a query and runs it over JSON documents, as the runtime does (frame load, then the stage predicate).</summary>
internal static class KqlHarness
{
    public static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static KqlCompilation Compile(string query, Schema schema)
    {
        var parsed = KqlParser.Parse(query);
        Assert.True(parsed.Success, $"{query}: {string.Join("; ", parsed.Diagnostics)}");
        return KqlCompiler.Compile(parsed.Query!, new KqlCompileOptions { Schema = schema, Now = Now });
    }

    public static Func<string, bool> Matcher(string query, Schema schema)
    {
        var compiled = Compile(query, schema);
        Assert.True(compiled.Success, $"{query}: {string.Join("; ", compiled.Diagnostics)}");
        var plan = compiled.Query!;
        var frame = new EventFrame(plan.Layout);
        var context = new EvalContext(frame);
        return json =>
        {
            var loaded = frame.Load(Encoding.UTF8.GetBytes(json));
            Assert.True(loaded.Success, json);
            return plan.Stages[0].Matches(context);
        };
    }

    public static Schema SchemaOf(params (string Path, string Type)[] fields) =>
        Schema.FromFields(fields.Select(f => new KeyValuePair<string, FieldType>(f.Path, FieldTypes.FromMappingType(f.Type))));
}
