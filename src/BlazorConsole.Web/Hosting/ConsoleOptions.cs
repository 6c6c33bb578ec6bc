using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Web.Hosting;

/// <summary>The <c>Console</c> configuration section (see appsettings.sample.json).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>SQLite database, Data Protection keys, git mirrors, build logs, releases.</summary>
    [Required]
    public string DataDir { get; set; } = "./data";

    /// <summary>External base URL used in webhook URLs and the default OAuth callback; empty = the request's own.</summary>
    [Url]
    public string? PublicUrl { get; set; }

    /// <summary>Deployed apps are served at <c>http://{component}.{AppsDomain}:{port}/</c>.</summary>
    [Required]
    public string AppsDomain { get; set; } = "apps.localhost";

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>
    /// Keep the Data Protection key ring in the database instead of <c>{DataDir}/keys</c>: needed when several consoles
    /// share one (PostgreSQL) database, so each decrypts the secrets the others stored.
    /// </summary>
    public bool KeysInDatabase { get; set; }

    /// <summary>
    /// A directory every replica mounts (several replicas: build logs live there, so any replica shows any build's log);
    /// empty = one console, everything under <see cref="DataDir"/>.
    /// </summary>
    public string? SharedDir { get; set; }

    public string DataDirFullPath => Path.GetFullPath(DataDir);

    public string? SharedDirFullPath => string.IsNullOrWhiteSpace(SharedDir) ? null : Path.GetFullPath(SharedDir);

    /// <summary>
    /// The address providers and browsers use: <see cref="PublicUrl"/> when set, else <paramref name="requestBaseUrl"/>
    /// (the address this request or page was reached at); without a trailing slash.
    /// </summary>
    public string PublicBaseUrl(string requestBaseUrl) => (string.IsNullOrWhiteSpace(PublicUrl) ? requestBaseUrl : PublicUrl).TrimEnd('/');

    public string DatabasePath => Path.Combine(DataDirFullPath, "console.db");

    public string DataProtectionKeysPath => Path.Combine(DataDirFullPath, "keys");
}

/// <summary>Creates the platform admin on first start, when no user exists yet.</summary>
public sealed class BootstrapOptions
{
    [EmailAddress]
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>
    /// A file holding <see cref="AdminPassword"/> (a Docker or Kubernetes secret): read at start, a trailing newline
    /// dropped. Preferred to the value itself, which as an environment variable other processes can read in some setups.
    /// </summary>
    public string? AdminPasswordFile { get; set; }

    /// <summary>Seeds this API token (stored hashed) for the bootstrap admin, for automation.</summary>
    public string? AdminApiToken { get; set; }

    /// <summary>A file holding <see cref="AdminApiToken"/>, read like <see cref="AdminPasswordFile"/>.</summary>
    public string? AdminApiTokenFile { get; set; }

    /// <summary>What went wrong reading the files (see <see cref="BootstrapSecretFiles"/>), reported by validation at start.</summary>
    internal List<string> FileProblems { get; } = [];
}
