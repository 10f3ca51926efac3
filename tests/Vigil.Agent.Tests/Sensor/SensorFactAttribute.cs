namespace Vigil.Agent.Tests.Sensor;

/// <summary>
/// A test that loads the real BPF sensor: skipped, saying why, only on a developer's machine that is not root or
/// whose kernel has no BTF. Under CI (CI=true, as .ci/run sets it) it always runs, so a missing facility
/// fails the build instead of hiding the test.
/// </summary>
public sealed class SensorFactAttribute : FactAttribute
{
    public SensorFactAttribute()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
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
