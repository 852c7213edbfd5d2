using System.Runtime.InteropServices;

namespace Rectify.Web.Hosting;

/// <summary>
/// Where this process's resident memory is, on Linux: the kernel's totals (/proc/self/smaps_rollup, /proc/self/status), the
/// resident part of each kind of mapping (/proc/self/smaps: files, the runtime's double-mapped code, the C heap's main arena,
/// anonymous memory), and glibc's own account of the C heap (mallinfo2: what native code holds and what malloc keeps free).
/// Figures in bytes; zero where the file or function is missing (another OS, musl). For /diagnostics/memory only: it reads the
/// whole smaps file, which takes milliseconds.
/// </summary>
internal static class ProcessMemory
{
    public sealed record Snapshot(
        long Rss, long Private, long Anonymous, long Shmem, long FileBacked, long DoubleMapped, long MainArena, long OtherAnonymous,
        long MallocFromSystem, long MallocInUse, long MallocFree, int Threads);

    public static Snapshot Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Snapshot(Environment.WorkingSet, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Environment.ProcessorCount);
        }

        var rollup = Fields("/proc/self/smaps_rollup");
        var status = Fields("/proc/self/status");
        long fileBacked = 0, doubleMapped = 0, mainArena = 0, otherAnonymous = 0;
        var name = "";
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (IsMappingLine(line))
            {
                // "start-end perms offset dev inode   name": the name is the sixth field, empty for anonymous memory.
                var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                name = parts.Length > 5 ? parts[5].Trim() : "";
                continue;
            }

            if (!line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                continue;
            }

            var kb = Kb(line);
            if (name.Contains("doublemapper", StringComparison.Ordinal))
            {
                doubleMapped += kb;
            }
            else if (name.StartsWith('/'))
            {
                fileBacked += kb;
            }
            else if (name == "[heap]")
            {
                mainArena += kb;
            }
            else if (name.Length == 0 || name == "[stack]" || name.StartsWith("[anon", StringComparison.Ordinal))
            {
                otherAnonymous += kb;
            }
        }

        var (fromSystem, inUse, free) = Malloc();
        return new Snapshot(
            Rss: rollup.GetValueOrDefault("Rss") * 1024,
            Private: (rollup.GetValueOrDefault("Private_Clean") + rollup.GetValueOrDefault("Private_Dirty")) * 1024,
            Anonymous: rollup.GetValueOrDefault("Anonymous") * 1024,
            Shmem: status.GetValueOrDefault("RssShmem") * 1024,
            FileBacked: fileBacked * 1024,
            DoubleMapped: doubleMapped * 1024,
            MainArena: mainArena * 1024,
            OtherAnonymous: otherAnonymous * 1024,
            MallocFromSystem: fromSystem,
            MallocInUse: inUse,
            MallocFree: free,
            Threads: (int)status.GetValueOrDefault("Threads"));
    }

    /// <summary>Gives the C heap's free memory back to the system (glibc's malloc_trim), so that what remains is what native code holds.</summary>
    public static void TrimNativeHeap()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (EntryPointNotFoundException)
            {
                // not glibc
            }
        }
    }

    // A mapping's header starts with its address range ("7f06e4000000-7f06e5224000 rw-p ..."); its fields with "Name:".
    private static bool IsMappingLine(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && line.AsSpan(0, space).Contains('-') && !line.AsSpan(0, space).Contains(':');
    }

    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var value = line[(colon + 1)..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                if (long.TryParse(space > 0 ? value[..space] : value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    fields[line[..colon]] = n;
                }
            }
        }

        return fields;
    }

    private static long Kb(string line) =>
        long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    private static (long FromSystem, long InUse, long Free) Malloc()
    {
        try
        {
            var info = MallInfo2();
            // arena: obtained with brk/mmap for the arenas; hblkhd: large blocks mmapped one by one; uordblks/fordblks: in use/free in the arenas.
            return ((long)(info.Arena + info.Hblkhd), (long)(info.Uordblks + info.Hblkhd), (long)info.Fordblks);
        }
        catch (EntryPointNotFoundException)
        {
            return (0, 0, 0);
        }
        catch (DllNotFoundException)
        {
            return (0, 0, 0);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Result
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2Result MallInfo2();

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
