using System.Globalization;
using System.Runtime.InteropServices;

namespace BlazorConsole.Pipeline.Processes;

/// <summary>The signals the console sends to its children.</summary>
public enum ProcessSignal
{
    /// <summary>SIGKILL: ends a process at once.</summary>
    Kill = 9,

    /// <summary>SIGTERM: asks a process to finish (an app drains its connections).</summary>
    Terminate = 15,
}

/// <summary>Who receives the polite SIGTERM when a child is stopped.</summary>
public enum TerminationTarget
{
    /// <summary>The child's process group (every process it started that stayed in it) and the processes below it.</summary>
    ProcessGroup,

    /// <summary>
    /// Only the processes below the child: bubblewrap passes no SIGTERM on (it would die of it and take its app down with
    /// SIGKILL, without a chance to drain). A child with nothing below it gets the group's TERM after all.
    /// </summary>
    ProcessesBelow,
}

/// <summary>
/// Signals processes through <c>kill(2)</c> and reaps children the .NET runtime does not know (ssh started by libgit2)
/// through <c>waitpid(2)</c>; the stop sequence of every child (TERM, grace, KILL) lives here.
/// </summary>
public static partial class ProcessSignals
{
    private const int WaitNoHang = 1;

    /// <summary>True while <paramref name="pid"/> runs (exists and is no zombie).</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { } stat && stat.State is not ('Z' or 'X');

    /// <summary>Sends <paramref name="signal"/> to one process; false when it is gone (or not ours to signal).</summary>
    public static bool Send(int pid, ProcessSignal signal)
    {
        EnsureSignalable(pid);
        return Kill(pid, (int)signal) == 0;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the process group led by <paramref name="pid"/> (node's workers, a shell's
    /// children), or to the process alone when it leads no group.
    /// </summary>
    public static bool SendToGroup(int pid, ProcessSignal signal)
    {
        EnsureSignalable(pid);
        return Kill(-pid, (int)signal) == 0 || Kill(pid, (int)signal) == 0;
    }

    /// <summary>
    /// Stops <paramref name="pid"/> and what it started: TERM (to <paramref name="target"/>), up to
    /// <paramref name="grace"/> (or until <paramref name="cancellationToken"/> fires) for it to exit, then KILL to its
    /// group and every process below it. A process group outlives its leader: what stayed in it is killed either way.
    /// </summary>
    /// <param name="hasExited">Whether the process ended; default: it no longer runs according to /proc.</param>
    public static async Task StopAsync(int pid, TerminationTarget target, TimeSpan grace, CancellationToken cancellationToken, Func<bool>? hasExited = null)
    {
        EnsureSignalable(pid);
        hasExited ??= () => !IsAlive(pid);
        var below = DescendantsWithStartTimes(pid);
        if (target == TerminationTarget.ProcessesBelow && below.Count > 0)
        {
            Send(below, ProcessSignal.Terminate);
        }
        else if (!hasExited())
        {
            SendToGroup(pid, ProcessSignal.Terminate);
            // Children that left the group (setsid of their own) still hear it.
            Send(below, ProcessSignal.Terminate);
        }

        var deadline = DateTime.UtcNow + grace;
        while (!hasExited() && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(25, CancellationToken.None).ConfigureAwait(false);
        }

        KillNow(pid, below, hasExited);
    }

    /// <summary>KILL to <paramref name="pid"/>'s group and every process below it, at once.</summary>
    public static void KillNow(int pid, Func<bool>? hasExited = null)
    {
        EnsureSignalable(pid);
        KillNow(pid, [], hasExited ?? (() => !IsAlive(pid)));
    }

    /// <summary>Reaps <paramref name="pid"/>, an exited child of this process that no <see cref="System.Diagnostics.Process"/> waits for.</summary>
    public static void Reap(int pid)
    {
        EnsureSignalable(pid);
        _ = WaitPid(pid, 0, WaitNoHang);
    }

    /// <summary>The parent of <paramref name="pid"/> and whether it exited without being reaped; null when there is no such process.</summary>
    public static (int ParentPid, bool Zombie)? ParentOf(int pid) =>
        ReadStat(pid) is { } stat ? (stat.ParentPid, stat.State is 'Z' or 'X') : null;

    private static void KillNow(int pid, List<(int Pid, long StartTime)> seenBefore, Func<bool> hasExited)
    {
        var below = hasExited() ? [] : DescendantsWithStartTimes(pid);
        SendToGroup(pid, ProcessSignal.Kill);
        Send(below, ProcessSignal.Kill);
        // Those seen before the TERM whose parent has died since (reparented, so no longer "below"): the same process only, never a reused pid.
        Send(seenBefore.Where(p => ReadStat(p.Pid) is { } stat && stat.StartTime == p.StartTime).ToList(), ProcessSignal.Kill);
    }

    private static void Send(List<(int Pid, long StartTime)> processes, ProcessSignal signal)
    {
        foreach (var (pid, _) in processes)
        {
            Send(pid, signal);
        }
    }

    /// <summary>The processes below <paramref name="pid"/>, from the host's /proc (a sandbox's own PID namespace hides nothing from here).</summary>
    private static List<(int Pid, long StartTime)> DescendantsWithStartTimes(int pid)
    {
        var children = new Dictionary<int, List<(int Pid, long StartTime)>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
                && ReadStat(candidate) is { } stat)
            {
                (children.TryGetValue(stat.ParentPid, out var list) ? list : children[stat.ParentPid] = []).Add((candidate, stat.StartTime));
            }
        }

        var found = new List<(int Pid, long StartTime)>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var child in children.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child.Pid);
            }
        }

        return found;
    }

    private static (char State, int ParentPid, long StartTime)? ReadStat(int pid)
    {
        try
        {
            // After the command name (which may hold spaces and parentheses): state, ppid, ... field 22 is the start time.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19
                && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent)
                && long.TryParse(fields[19], CultureInfo.InvariantCulture, out var startTime)
                ? (fields[0][0], parent, startTime)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Exited while being read.
            return null;
        }
    }

    // kill(2) with 0, -1 or the negative of 1 would reach this process's group or every process the console may signal.
    private static void EnsureSignalable(int pid) => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pid, 1);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid")]
    private static partial int WaitPid(int pid, nint status, int options);
}
