using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vigil.Agent.Sensor.Native;

namespace Vigil.Agent.Sensor;

/// <summary>
/// The loaded eBPF programs: opens the compiled object through libbpf, attaches every program, and hands each
/// ring-buffer record to a <see cref="IRecordHandler"/> on the polling thread, in ring order. Records the ring had
/// no room for are counted by the kernel side and read back with <see cref="DroppedRecords"/>.
/// </summary>
public sealed unsafe class BpfSensor : IDisposable
{
    private readonly nint obj;
    private readonly List<nint> links = [];
    private readonly nint ring;
    private readonly int droppedFd;
    private GCHandle self;
    private readonly IRecordHandler handler;

    private BpfSensor(nint obj, IRecordHandler handler)
    {
        this.obj = obj;
        this.handler = handler;
        self = GCHandle.Alloc(this);
        try
        {
            for (var program = LibBpf.NextProgram(obj, 0); program != 0; program = LibBpf.NextProgram(obj, program))
            {
                var link = LibBpf.ProgramAttach(program);
                if (LibBpf.IsError(link))
                {
                    var name = Marshal.PtrToStringUTF8(LibBpf.ProgramName(program));
                    throw new SensorUnavailableException($"cannot attach the BPF program {name} (errno {Marshal.GetLastPInvokeError()}): is tracefs mounted and the kernel built with kprobes?");
                }
                links.Add(link);
            }
            var eventsFd = LibBpf.FindMapFd(obj, "events");
            droppedFd = LibBpf.FindMapFd(obj, "dropped");
            ring = LibBpf.RingBufferNew(eventsFd, &OnSample, GCHandle.ToIntPtr(self), 0);
            if (LibBpf.IsError(ring))
            {
                throw new SensorUnavailableException("cannot open the BPF ring buffer");
            }
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>
    /// Loads and attaches <paramref name="objectPath"/> with a ring buffer of <paramref name="ringBufferBytes"/> (a power
    /// of two, at least a page); throws <see cref="SensorUnavailableException"/> saying why it cannot.
    /// </summary>
    public static BpfSensor Open(string objectPath, IRecordHandler handler, int ringBufferBytes = AgentRunner.DefaultRingBufferBytes)
    {
        if (ringBufferBytes < Environment.SystemPageSize || !int.IsPow2(ringBufferBytes))
        {
            throw new SensorUnavailableException($"the ring buffer must be a power of two of at least {Environment.SystemPageSize} bytes, not {ringBufferBytes}");
        }
        if (!File.Exists(objectPath))
        {
            throw new SensorUnavailableException($"the BPF object {objectPath} is missing: Vigil was built without clang (apt-get install clang libbpf-dev bpftool, then rebuild)");
        }
        nint obj;
        try
        {
            obj = LibBpf.ObjectOpenFile(objectPath, 0);
        }
        catch (DllNotFoundException)
        {
            throw new SensorUnavailableException("libbpf.so.1 is not installed (apt-get install libbpf1)");
        }
        if (LibBpf.IsError(obj))
        {
            throw new SensorUnavailableException($"libbpf cannot open {objectPath}");
        }
        // The ring is mapped twice into the agent (so a record may wrap around its end), so its size counts double in
        // the agent's resident memory: it is sized for the load, not fixed in the object.
        var events = LibBpf.FindMap(obj, "events");
        if (events == 0 || LibBpf.MapSetMaxEntries(events, (uint)ringBufferBytes) != 0)
        {
            LibBpf.ObjectClose(obj);
            throw new SensorUnavailableException($"cannot size the ring buffer of {objectPath} to {ringBufferBytes} bytes");
        }
        var loaded = LibBpf.ObjectLoad(obj);
        if (loaded != 0)
        {
            LibBpf.ObjectClose(obj);
            throw new SensorUnavailableException($"the kernel refused the BPF programs (error {-loaded}): the agent needs root (CAP_BPF and CAP_PERFMON), a kernel with BTF (/sys/kernel/btf/vmlinux) and BPF ring buffers (5.8 or later)");
        }
        return new BpfSensor(obj, handler);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for a wake-up, then delivers every record waiting; returns how many.
    /// The kernel side wakes the agent only once a batch waits, so the records of a quiet moment are taken here when
    /// the wait times out.
    /// </summary>
    public int Poll(int timeoutMs)
    {
        var n = LibBpf.RingBufferPoll(ring, timeoutMs);
        if (n < 0 && n != -4)
        {
            throw new IOException($"ring_buffer__poll failed (error {-n})");
        }
        var rest = LibBpf.RingBufferConsume(ring);
        return Math.Max(n, 0) + Math.Max(rest, 0);
    }

    /// <summary>Records the kernel side could not reserve room for, summed over CPUs, since load.</summary>
    public long DroppedRecords()
    {
        var cpus = LibBpf.PossibleCpus();
        var values = stackalloc ulong[Math.Max(cpus, 1)];
        uint key = 0;
        if (LibBpf.MapLookup(droppedFd, &key, values) != 0)
        {
            return 0;
        }
        long total = 0;
        for (var i = 0; i < cpus; i++)
        {
            total += (long)values[i];
        }
        return total;
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint context, void* data, nuint size)
    {
        var sensor = (BpfSensor)GCHandle.FromIntPtr(context).Target!;
        try
        {
            sensor.handler.Handle(new ReadOnlySpan<byte>(data, (int)size));
        }
        catch (Exception e)
        {
            // An exception must not cross into libbpf; the handler reports it and the stream goes on.
            sensor.handler.Fault(e);
        }
        return 0;
    }

    private void Release()
    {
        if (ring != 0 && !LibBpf.IsError(ring))
        {
            LibBpf.RingBufferFree(ring);
        }
        foreach (var link in links)
        {
            LibBpf.LinkDestroy(link);
        }
        links.Clear();
        LibBpf.ObjectClose(obj);
        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    public void Dispose() => Release();
}
