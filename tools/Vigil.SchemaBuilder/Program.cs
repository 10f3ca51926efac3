using Vigil.SchemaBuilder;

// Usage: Vigil.SchemaBuilder <detection-rules/data/schemas dir> <output schema.tsv.gz>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Vigil.SchemaBuilder <schemas-directory> <output.tsv.gz>");
    return 2;
}

try
{
    var tsv = SchemaSourceConverter.BuildTsv(args[0]);
    SchemaSourceConverter.WriteGzip(tsv, args[1]);
    var lines = tsv.Count(c => c == '\n') - 1;
    Console.Error.WriteLine($"wrote {lines} fields to {args[1]}");
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException
                              or InvalidDataException or KeyNotFoundException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
