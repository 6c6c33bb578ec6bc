namespace BlazorConsole.Pipeline.Sandbox;

/// <summary>Resource limits of one build or release, applied through a cgroup of its own. 0 = not limited.</summary>
/// <param name="MemoryMb">Memory (MiB); past it the kernel kills a process of the group.</param>
/// <param name="MaxProcesses">Processes and threads; past it fork fails.</param>
/// <param name="Cpus">CPU time as a number of cores (0.5 = half a core).</param>
public sealed record SandboxLimits(int MemoryMb, int MaxProcesses, double Cpus)
{
    public static SandboxLimits None { get; } = new(0, 0, 0);

    public bool Any => MemoryMb > 0 || MaxProcesses > 0 || Cpus > 0;
}
