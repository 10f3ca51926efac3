using System.Diagnostics;
using System.Text.RegularExpressions;
using Vigil.Server.Tests.Fakes;

namespace Vigil.Server.Tests.EndToEnd;

/// <summary>
/// The real `vigil` command as a child process (the build's vigil.dll beside the tests): `serve` in the background,
/// read until it says it is ready, or a one-shot command run to its end.
/// </summary>
public sealed partial class VigilProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> log = [];
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private VigilProcess(Process process)
    {
        this.process = process;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "vigil.dll");

    public Uri BaseAddress => listening.Task.Result;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (log)
            {
                return [.. log];
            }
        }
    }

    /// <summary>Starts `vigil serve` with the shipped rules on a free loopback port and waits until its rules are scheduled.</summary>
    public static async Task<VigilProcess> StartServeAsync(string dataDirectory, DateTimeOffset clock, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, "serve", "--rules", RepoFiles.PathOf("rules"), "--data", dataDirectory,
            "--listen", "127.0.0.1:0", "--clock", clock.ToString("O"), .. extra])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var server = new VigilProcess(Process.Start(start)!);
        server.process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server.process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server.process.BeginErrorReadLine();
        server.process.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exited = server.process.WaitForExitAsync(timeout.Token);
        var ready = Task.WhenAll(server.listening.Task, server.scheduled.Task);
        if (await Task.WhenAny(ready, exited) != ready)
        {
            throw new InvalidOperationException("vigil serve did not start:\n" + string.Join('\n', server.Log));
        }
        return server;
    }

    /// <summary>Runs a one-shot `vigil` command; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Dll, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL: no flush, no clean stop.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM and wait for the clean stop.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            log.Add(line);
        }
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        if (line.Contains("rule(s) scheduled", StringComparison.Ordinal))
        {
            scheduled.TrySetResult();
        }
    }

    [GeneratedRegex(@"listening on (http://[^ ]+)")]
    private static partial Regex ListeningLine();
}
