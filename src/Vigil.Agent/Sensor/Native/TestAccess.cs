using System.Runtime.CompilerServices;

// The sensor's tests build kernel records by hand (SensorRecord is internal: its layout is the BPF program's).
[assembly: InternalsVisibleTo("Vigil.Agent.Tests")]
