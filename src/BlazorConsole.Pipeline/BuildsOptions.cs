using System.ComponentModel.DataAnnotations;
using BlazorConsole.Pipeline.Sandbox;

namespace BlazorConsole.Pipeline;

/// <summary>The <c>Builds</c> configuration section (see appsettings.sample.json).</summary>
public sealed class BuildsOptions
{
    public const string SectionName = "Builds";

    /// <summary>Number of builds that run at once (build workers).</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>A build (checkout + buildpack) that runs longer than this is stopped and marked failed.</summary>
    [Range(1, 24 * 60)]
    public int TimeoutMinutes { get; set; } = 30;

    /// <summary>Artifacts of the last N successful builds are kept per component (rollback targets); older ones are deleted.</summary>
    [Range(1, 1000)]
    public int KeepArtifacts { get; set; } = 5;

    /// <summary>Live log lines are handed to subscribers (pages, hubs) in batches this often.</summary>
    [Range(10, 5000)]
    public int LogBatchMilliseconds { get; set; } = 50;

    /// <summary>
    /// Share package caches (npm, pip, NuGet, Maven) between builds under <c>&lt;DataDir&gt;/cache</c>;
    /// off = every build downloads its dependencies afresh into its temporary home.
    /// </summary>
    public bool SharePackageCaches { get; set; } = true;

    /// <summary>
    /// Run the build workers in this process. Off = builds are recorded and stay Queued (a console that only receives
    /// webhooks, or tests of the receiver that must not reach out to the repositories they name).
    /// </summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Deploy each successful build at once (zero-downtime swap). Off = builds only; deploy from the Runtime tab.</summary>
    public bool DeployAfterBuild { get; set; } = true;

    /// <summary>Idle workers look for Queued builds this often even without a wake-up signal (a lost signal costs at most this).</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>
    /// At start-up, builds left Running by a stopped or crashed console become Interrupted; when true, each is queued
    /// again once (a re-queued build that is interrupted again is not re-queued a second time).
    /// </summary>
    public bool RequeueInterrupted { get; set; } = true;

    /// <summary>How long an SSH fetch waits for the repository's server to answer before it fails as unreachable.</summary>
    [Range(1, 600)]
    public int SshConnectTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// Every fetch adds a small pack to a repository's mirror; past this many packs the mirror is repacked into one with
    /// the git CLI (when installed) so lookups stay fast. 0 = never.
    /// </summary>
    [Range(0, 100_000)]
    public int MirrorRepackAbovePacks { get; set; } = 50;

    /// <summary>
    /// How build commands, re-detection and release processes run: <c>Bubblewrap</c> (default: a sandbox that sees only
    /// its own files, as an unprivileged user) or <c>None</c> (as the console's own user: a single trusted user only).
    /// </summary>
    public SandboxMode Sandbox { get; set; } = SandboxMode.Bubblewrap;

    /// <summary>The uid and gid sandboxed code runs as: neither root nor the console's own user.</summary>
    [Range(1, 4_000_000_000)]
    public int SandboxUid { get; set; } = 10001;

    /// <summary>PATH inside the sandbox; its tools must live in directories the sandbox mounts (/usr or <see cref="SandboxReadOnlyPaths"/>).</summary>
    [Required]
    public string SandboxPath { get; set; } = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>More host paths the sandbox may read (toolchains installed outside /usr, such as /opt/gradle).</summary>
    public IList<string> SandboxReadOnlyPaths { get; } = [];

    /// <summary>Memory limit (MiB) of each build, through its cgroup where the machine lets the console write one; 0 = none.</summary>
    [Range(0, 1_048_576)]
    public int MemoryLimitMb { get; set; } = 4096;

    /// <summary>Processes and threads a build may have at once (cgroup pids); 0 = none.</summary>
    [Range(0, 1_000_000)]
    public int MaxProcesses { get; set; } = 4096;

    /// <summary>CPU time a build may use, in cores (cgroup cpu quota); 0 = none.</summary>
    [Range(0, 1024)]
    public double CpuLimit { get; set; }

    public TimeSpan Timeout => TimeSpan.FromMinutes(TimeoutMinutes);

    public SandboxLimits Limits => new(MemoryLimitMb, MaxProcesses, CpuLimit);
}
