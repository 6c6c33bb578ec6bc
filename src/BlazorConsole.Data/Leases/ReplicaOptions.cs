using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Data.Leases;

/// <summary>
/// This console's name among replicas (<c>Console:ReplicaId</c>). Random per start unless set: a fixed id lets a
/// restarted replica recover its own builds at once instead of waiting for a survivor's sweep.
/// </summary>
public sealed partial class ReplicaOptions
{
    public const string SectionName = "Console";

    public const int ReplicaIdMaxLength = 64;

    public string? ReplicaId { get; set; }

    internal static string NewRandomId() => "replica-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    internal static bool IsValid(string? id) => id is not null && ValidId().IsMatch(id);

    // Shown in /healthz and pg_stat_activity, stored on builds: letters, digits, '.', '_', '-'.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidId();
}

/// <summary>The replica id this process runs as (configured or random, fixed for the process's life).</summary>
public sealed class ReplicaIdentity(IOptions<ReplicaOptions> options)
{
    public string Id => options.Value.ReplicaId!;
}
