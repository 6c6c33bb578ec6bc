using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Data.Leases;

/// <summary>How quickly leases move between replicas (<c>Leases</c> section; see appsettings.sample.json).</summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Leases";

    /// <summary>How often a replica that does not hold a lease tries to take it: the longest a singleton waits after its holder died.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a held PostgreSQL lease's connection is checked, so a lost lease is noticed by its holder too.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepaliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the holder of <see cref="LeaseNames.BuildRecovery"/> looks for Running builds of gone replicas.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RecoverySweepInterval { get; set; } = TimeSpan.FromSeconds(3);
}
