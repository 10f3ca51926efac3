namespace Vigil.Simulation;

/// <summary>What a process becomes at exec: its name, executable and arguments.</summary>
internal sealed record ExecImage(string Name, string Executable, string[] Args)
{
    public string CommandLine => string.Join(' ', Args);
}
