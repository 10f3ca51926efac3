using System.Runtime.InteropServices;

namespace Vigil.Agent.Sensor.Native;

/// <summary>The few libbpf calls the sensor makes (Debian's libbpf.so.1): open, load, attach, ring buffer, map read.</summary>
internal static unsafe partial class LibBpf
{
    private const string Library = "libbpf.so.1";

    [LibraryImport(Library, EntryPoint = "bpf_object__open_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ObjectOpenFile(string path, nint options);

    [LibraryImport(Library, EntryPoint = "bpf_object__load")]
    public static partial int ObjectLoad(nint obj);

    [LibraryImport(Library, EntryPoint = "bpf_object__close")]
    public static partial void ObjectClose(nint obj);

    [LibraryImport(Library, EntryPoint = "bpf_object__next_program")]
    public static partial nint NextProgram(nint obj, nint previous);

    [LibraryImport(Library, EntryPoint = "bpf_program__name")]
    public static partial nint ProgramName(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__attach")]
    public static partial nint ProgramAttach(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_link__destroy")]
    public static partial int LinkDestroy(nint link);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_map_fd_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FindMapFd(nint obj, string name);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FindMap(nint obj, string name);

    [LibraryImport(Library, EntryPoint = "bpf_map__set_max_entries")]
    public static partial int MapSetMaxEntries(nint map, uint maxEntries);

    [LibraryImport(Library, EntryPoint = "ring_buffer__new")]
    public static partial nint RingBufferNew(int mapFd, delegate* unmanaged<nint, void*, nuint, int> sample, nint context, nint options);

    [LibraryImport(Library, EntryPoint = "ring_buffer__poll")]
    public static partial int RingBufferPoll(nint ring, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "ring_buffer__consume")]
    public static partial int RingBufferConsume(nint ring);

    [LibraryImport(Library, EntryPoint = "ring_buffer__free")]
    public static partial void RingBufferFree(nint ring);

    [LibraryImport(Library, EntryPoint = "bpf_map_lookup_elem")]
    public static partial int MapLookup(int fd, void* key, void* value);

    [LibraryImport(Library, EntryPoint = "libbpf_num_possible_cpus")]
    public static partial int PossibleCpus();

    /// <summary>libbpf returns pointers that encode -errno on failure (1.x: NULL with errno set, or an error pointer).</summary>
    public static bool IsError(nint pointer) => pointer == 0 || (ulong)pointer > unchecked((ulong)-4096L);
}
