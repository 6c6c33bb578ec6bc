using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>The <c>Runtime</c> configuration section (see appsettings.sample.json).</summary>
public sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    /// <summary>
    /// The runtime engine that runs releases (<c>process</c>: supervised child processes); one of the engines the host
    /// registered (see <c>AddConsoleEngines</c>). An unknown name stops the start with a message listing the known ones.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Default { get; set; } = "process";

    /// <summary>
    /// Set by the host when it runs as one of several replicas (<c>Redis:Configuration</c>): releases then run only on
    /// engines whose instances every replica reaches (<see cref="IRuntime.ServesEveryReplica"/>), never as a child
    /// process of one replica.
    /// </summary>
    public bool SeveralReplicas { get; set; }

    /// <summary>Size of a component's runtime log before it rotates (the previous part is kept: about twice this on disk).</summary>
    [Range(1, 10_000)]
    public int RuntimeLogMaxMegabytes { get; set; } = 10;

    /// <summary>HTTP path probed on a new release before it gets traffic; empty = a TCP connect is enough.</summary>
    public string HealthCheckPath { get; set; } = "/";

    /// <summary>A new release that does not answer healthily within this time is marked Failed.</summary>
    [Range(1, 600)]
    public int HealthCheckTimeoutSeconds { get; set; } = 30;

    /// <summary>After the route switched, the old release keeps running this long for requests in flight.</summary>
    [Range(0, 300)]
    public double DrainSeconds { get; set; } = 2;

    /// <summary>Time between SIGTERM and SIGKILL when a release is stopped.</summary>
    [Range(0, 300)]
    public double StopGraceSeconds { get; set; } = 5;

    /// <summary>First delay before restarting a crashed release; doubles on each crash up to <see cref="RestartBackoffMaxSeconds"/>.</summary>
    [Range(0.01, 60)]
    public double RestartBackoffSeconds { get; set; } = 0.5;

    [Range(0.1, 3600)]
    public double RestartBackoffMaxSeconds { get; set; } = 60;

    /// <summary>This many crashes in a row (without <see cref="StableSeconds"/> of uptime between them) is a crash loop.</summary>
    [Range(1, 1000)]
    public int CrashLoopThreshold { get; set; } = 5;

    /// <summary>A release that stayed up this long has its crash counter reset.</summary>
    [Range(1, 3600)]
    public double StableSeconds { get; set; } = 30;

    /// <summary><c>prlimit --nofile</c> for each release; 0 = not limited.</summary>
    [Range(0, 1_048_576)]
    public int MaxOpenFiles { get; set; } = 65536;

    /// <summary>Memory limit (MiB) of each release through its cgroup (v1 or v2) when writable (skipped otherwise); 0 = none.</summary>
    [Range(0, 1_048_576)]
    public int MemoryLimitMb { get; set; } = 1024;

    /// <summary>Processes and threads of each release through its cgroup when writable (skipped otherwise); 0 = none.</summary>
    [Range(0, 1_000_000)]
    public int MaxProcesses { get; set; } = 1024;

    /// <summary>CPU time of each release, in cores (cgroup cpu quota); 0 = none.</summary>
    [Range(0, 1024)]
    public double CpuLimit { get; set; }

    public Sandbox.SandboxLimits Limits => new(MemoryLimitMb, MaxProcesses, CpuLimit);
}
