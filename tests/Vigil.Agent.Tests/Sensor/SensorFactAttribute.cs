namespace Vigil.Agent.Tests.Sensor;

/// <summary>A test that loads the real BPF sensor: skipped, saying why, only when this is not root or the kernel has no BTF.</summary>
public sealed class SensorFactAttribute : FactAttribute
{
    public SensorFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "the sensor runs on Linux only";
        }
        else if (Environment.UserName != "root" && !File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t", StringComparison.Ordinal))
        {
            Skip = "loading BPF programs and creating network namespaces needs root";
        }
        else if (!File.Exists("/sys/kernel/btf/vmlinux"))
        {
            Skip = "this kernel has no BTF (/sys/kernel/btf/vmlinux)";
        }
    }
}
