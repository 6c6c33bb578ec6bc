using System.ComponentModel.DataAnnotations;

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

    public TimeSpan Timeout => TimeSpan.FromMinutes(TimeoutMinutes);
}
