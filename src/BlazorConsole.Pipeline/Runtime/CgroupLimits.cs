using System.Globalization;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Memory and pids limits through cgroup v1 (<c>/sys/fs/cgroup/memory</c>, <c>/sys/fs/cgroup/pids</c>) when those
/// hierarchies are writable by the console; on any other machine (cgroup v2 only, read-only container) the limits are
/// skipped with a line in the runtime log, never an error.
/// </summary>
internal sealed class CgroupLimits : IDisposable
{
    private readonly List<string> groups;

    private CgroupLimits(List<string> groups) => this.groups = groups;

    public static CgroupLimits? TryCreate(long releaseId, RuntimeOptions options, Action<string> log)
    {
        var wanted = new List<(string Controller, string File, long Value)>();
        if (options.MemoryLimitMb > 0)
        {
            wanted.Add(("memory", "memory.limit_in_bytes", options.MemoryLimitMb * 1024L * 1024L));
        }

        if (options.MaxProcesses > 0)
        {
            wanted.Add(("pids", "pids.max", options.MaxProcesses));
        }

        if (wanted.Count == 0)
        {
            return null;
        }

        var groups = new List<string>();
        foreach (var (controller, file, value) in wanted)
        {
            var group = Path.Combine("/sys/fs/cgroup", controller, "blazorconsole", "release-" + releaseId.ToString(CultureInfo.InvariantCulture));
            try
            {
                Directory.CreateDirectory(group);
                File.WriteAllText(Path.Combine(group, file), value.ToString(CultureInfo.InvariantCulture));
                groups.Add(group);
                log($"cgroup v1 {controller} limit {value} applied.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log($"cgroup v1 {controller} limit skipped: {ex.Message}");
            }
        }

        return groups.Count == 0 ? null : new CgroupLimits(groups);
    }

    public void Add(int pid)
    {
        foreach (var group in groups)
        {
            try
            {
                File.WriteAllText(Path.Combine(group, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Skipped like a missing controller: the release runs unlimited rather than not at all.
            }
        }
    }

    public void Dispose()
    {
        foreach (var group in groups)
        {
            try
            {
                Directory.Delete(group);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A group with a process still in it cannot be removed; the kernel keeps it empty and harmless.
            }
        }
    }
}
