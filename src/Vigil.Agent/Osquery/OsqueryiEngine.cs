using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Vigil.Agent.Osquery;

/// <summary>
/// Hands each query to an installed osqueryi (<c>osqueryi --json SQL</c>) and reads back its JSON rows, for the
/// full osquery table set when it is there. A missing executable, a non-zero exit, a timeout or output that is not
/// a JSON array of objects is an error of that query, worded with osqueryi's own message.
/// </summary>
/// <param name="executable">The osqueryi to run: a name looked up on PATH, or a path.</param>
/// <param name="timeout">How long one query may take before osqueryi is killed.</param>
public sealed class OsqueryiEngine(string executable, TimeSpan timeout) : IOsqueryEngine
{
    /// <summary>osqueryi with a one-minute limit a query.</summary>
    public OsqueryiEngine(string executable)
        : this(executable, TimeSpan.FromMinutes(1))
    {
    }

    /// <inheritdoc/>
    public OsqueryResult Run(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--json");
        start.ArgumentList.Add(sql);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process started");
        }
        catch (Win32Exception ex)
        {
            return OsqueryResult.Failed(sql, $"cannot start {executable}: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return OsqueryResult.Failed(sql, $"{executable} took longer than {timeout.TotalSeconds:0} s and was stopped");
            }

            string output = stdout.GetAwaiter().GetResult();
            string errors = stderr.GetAwaiter().GetResult().Trim();
            if (process.ExitCode != 0)
            {
                return OsqueryResult.Failed(sql, $"{executable} exited with code {process.ExitCode}: {(errors.Length > 0 ? errors : "(no message)")}");
            }

            return Parse(sql, output, errors);
        }
    }

    private OsqueryResult Parse(string sql, string output, string errors)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return OsqueryResult.Failed(sql, $"{executable} printed JSON that is not an array of rows");
            }

            var columns = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var objects = new List<JsonElement>();
            foreach (var row in document.RootElement.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object)
                {
                    return OsqueryResult.Failed(sql, $"{executable} printed a row that is not a JSON object: {row.GetRawText()}");
                }

                foreach (var property in row.EnumerateObject())
                {
                    if (index.TryAdd(property.Name, columns.Count))
                    {
                        columns.Add(property.Name);
                    }
                }

                objects.Add(row);
            }

            var rows = new List<string?[]>(objects.Count);
            foreach (var row in objects)
            {
                var values = new string?[columns.Count];
                foreach (var property in row.EnumerateObject())
                {
                    values[index[property.Name]] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }

                rows.Add(values);
            }

            return new OsqueryResult(sql, columns, rows, null, errors.Length > 0 ? [$"{executable}: {errors}"] : []);
        }
        catch (JsonException ex)
        {
            return OsqueryResult.Failed(sql, $"{executable} printed output that is not JSON ({ex.Message}): {Shorten(output)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "...";
}
