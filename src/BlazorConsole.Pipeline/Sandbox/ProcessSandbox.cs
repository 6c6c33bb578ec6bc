using System.Globalization;
using BlazorConsole.Pipeline.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Sandbox;

/// <summary>
/// Runs repository code (build commands, release processes) in a bubblewrap sandbox: an unprivileged user that is
/// neither root nor the console's user; new user, PID, IPC, UTS and cgroup namespaces; no capabilities; the system
/// read-only; a private <c>/tmp</c>; of the data directory only the paths its <see cref="SandboxLayout"/> names. The
/// network stays shared (registries for builds, the port for apps). With <see cref="SandboxMode.None"/> commands run
/// as the console's own user (the resource limits still apply).
/// </summary>
public sealed partial class ProcessSandbox(PipelinePaths paths, IOptions<BuildsOptions> options, ILogger<ProcessSandbox> logger)
{
    // Joins each cgroup.procs file named before "--", then becomes the command after it: limits hold from the first instruction.
    private const string JoinGroupScript =
        "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || { echo \"cannot join the cgroup $1\" >&2; exit 125; }; shift; done; shift; exec \"$@\"";

    // What tools read from /etc: name resolution, certificates, the dynamic linker, time zone, toolchain configuration.
    private static readonly string[] EtcAllowList =
    [
        "resolv.conf", "hosts", "host.conf", "nsswitch.conf", "gai.conf", "services", "protocols", "networks", "ssl", "ca-certificates",
        "ca-certificates.conf", "pki", "alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "mime.types",
        "magic", "magic.mime", "os-release", "debian_version", "npmrc", "pip.conf", "gitconfig", "maven", "python3", "python3.11", "perl",
        "xdg", "fonts",
    ];

    private static readonly string[] SystemDirectories = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    private readonly Lazy<bool> runsAsRoot = new(() => CurrentUid() == 0);

    // Cgroups are machine-wide: two consoles (or test hosts) with their own "build-7" must not share, or kill, one group.
    private readonly Lazy<string> consoleTag = new(() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(paths.DataDirectory)))[..12]);

    public SandboxMode Mode => options.Value.Sandbox;

    /// <summary>PATH inside the sandbox (tools are looked up there, not on the console's own PATH).</summary>
    public string SearchPath => Mode == SandboxMode.Bubblewrap ? options.Value.SandboxPath : BuildEnvironment.ConsolePath;

    /// <summary>The uid (and gid) that sandboxed processes run as.</summary>
    public int SandboxUid => options.Value.SandboxUid;

    /// <summary>
    /// Prepares a sandbox for one build or release: its cgroup (limits), ownership of its writable directories.
    /// Dispose it when the last process ran: what still runs in its cgroup is killed.
    /// </summary>
    /// <exception cref="SandboxUnavailableException">bubblewrap (or setpriv, for a console running as root) is missing.</exception>
    public SandboxSession Open(string name, SandboxLayout layout, SandboxLimits limits, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(log);
        var settings = options.Value;
        string[] wrapper = [];
        if (settings.Sandbox == SandboxMode.Bubblewrap)
        {
            wrapper = [.. Privileges(settings), .. Bubblewrap(settings, layout)];
            foreach (var directory in layout.Writable)
            {
                GiveToSandboxUser(directory);
            }

            foreach (var directory in layout.Persistent)
            {
                var handedOver = directory.TrimEnd('/') + string.Create(CultureInfo.InvariantCulture, $".owner-{settings.SandboxUid}");
                if (!File.Exists(handedOver))
                {
                    GiveToSandboxUser(directory);
                    File.WriteAllText(handedOver, "");
                }
            }

            foreach (var path in layout.Writable.Concat(layout.Persistent).Concat(layout.ReadOnly))
            {
                EnsureReachable(path);
            }

            log(string.Create(CultureInfo.InvariantCulture,
                $"Sandbox: bubblewrap as uid {settings.SandboxUid}; it sees the system read-only and only its own {string.Join(", ", Describe(layout))} of the console's files."));
        }
        else
        {
            log("Sandbox: none (Builds:Sandbox=none): this code runs as the console's own user and can read the console's data.");
        }

        var group = ResourceGroup.TryCreate(name + "-" + consoleTag.Value, limits, log);
        return new SandboxSession(wrapper, group, SearchPath, this);
    }

    /// <summary>
    /// Hands files the console wrote (a checkout, an artifact) to the sandbox user, so a sandbox running as that user can
    /// write or read them. Only needed, and only done, when the console runs as root; symbolic links are not followed.
    /// </summary>
    public void GiveToSandboxUser(string path)
    {
        if (Mode != SandboxMode.Bubblewrap || !runsAsRoot.Value || !Path.Exists(path))
        {
            return;
        }

        var chown = ToolLocator.Find("chown", ToolLocator.SystemPath) ?? throw new SandboxUnavailableException("chown was not found (coreutils).");
        var owner = string.Create(CultureInfo.InvariantCulture, $"{SandboxUid}:{SandboxUid}");
        var errors = new List<string>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = ToolLocator.SystemPath, ["LANG"] = BuildEnvironment.Lang };
        var outcome = ChildProcessRunner.Run(
            new ChildProcessSpec(chown, ["-R", "-h", "-P", owner, "--", path], "/", environment, Timeout.InfiniteTimeSpan),
            _ => { },
            line =>
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            });
        if (!outcome.Succeeded)
        {
            var error = string.Join('\n', errors).Trim();
            LogChownFailed(logger, path, error);
            throw new IOException($"Could not hand {Path.GetFileName(path)} to the sandbox user: {error}");
        }
    }

    /// <summary>
    /// bubblewrap runs as the sandbox user and must reach each path it mounts: directories of the data directory on the
    /// way are made traversable (never listable) for others; a directory outside it that blocks the way is an error that
    /// says so (a data directory under /root, say).
    /// </summary>
    private void EnsureReachable(string path)
    {
        if (!runsAsRoot.Value || OperatingSystem.IsWindows())
        {
            return;
        }

        for (var directory = Path.GetDirectoryName(Path.GetFullPath(path)); directory is { Length: > 1 }; directory = Path.GetDirectoryName(directory))
        {
            var mode = File.GetUnixFileMode(directory);
            if ((mode & UnixFileMode.OtherExecute) != 0)
            {
                continue;
            }

            if ((directory + "/").StartsWith(paths.DataDirectory.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                File.SetUnixFileMode(directory, mode | UnixFileMode.OtherExecute);
            }
            else
            {
                throw new SandboxUnavailableException(string.Create(CultureInfo.InvariantCulture,
                    $"The sandbox user (uid {options.Value.SandboxUid}) cannot reach the data directory: {directory} is closed to other users. Keep Console:DataDir under a directory others may traverse (such as /var/lib/blazorconsole), or run the console as a normal user."));
            }
        }
    }

    private static string[] Privileges(BuildsOptions settings)
    {
        var uid = CurrentUid();
        if (uid == settings.SandboxUid)
        {
            throw new SandboxUnavailableException(string.Create(CultureInfo.InvariantCulture,
                $"Builds:SandboxUid is {settings.SandboxUid}, the console's own uid: choose another (sandboxed code must not run as the console's user)."));
        }

        if (uid != 0)
        {
            // An unprivileged console: bwrap maps its uid to the sandbox uid inside a user namespace of its own.
            return [];
        }

        // As root, drop to the sandbox user outside the namespace too: a breakout then lands as nobody, not as root.
        var setpriv = ToolLocator.Find("setpriv", ToolLocator.SystemPath) ?? throw new SandboxUnavailableException(
            "The console runs as root and needs setpriv to drop to the sandbox user: install util-linux (apt-get install util-linux).");
        var id = settings.SandboxUid.ToString(CultureInfo.InvariantCulture);
        return [setpriv, "--reuid=" + id, "--regid=" + id, "--clear-groups", "--"];
    }

    private List<string> Bubblewrap(BuildsOptions settings, SandboxLayout layout)
    {
        var bwrap = ToolLocator.Find("bwrap", ToolLocator.SystemPath) ?? throw new SandboxUnavailableException(
            "Builds:Sandbox is bubblewrap, but bwrap is not installed on this machine: install it with `apt-get install bubblewrap` "
            + "(or, for a single trusted user only, set Builds:Sandbox=none).");
        var id = settings.SandboxUid.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            bwrap,
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--uid", id, "--gid", id, "--hostname", "sandbox",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr", "/usr",
        };
        foreach (var directory in SystemDirectories)
        {
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, directory]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", directory, directory]);
            }
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/run", "--dir", "/etc"]);
        foreach (var entry in EtcEntries())
        {
            args.AddRange(["--ro-bind", entry, entry]);
        }

        var (passwd, group) = AccountFiles(settings.SandboxUid);
        args.AddRange(["--ro-bind", passwd, "/etc/passwd", "--ro-bind", group, "/etc/group"]);
        foreach (var path in settings.SandboxReadOnlyPaths.Where(p => !IsInDataDirectory(p)))
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }

        // Order matters: later mounts go inside earlier ones (a checkout under a data directory that lives in /tmp).
        foreach (var path in layout.Private)
        {
            args.AddRange(["--tmpfs", path]);
        }

        foreach (var path in layout.Writable.Concat(layout.Persistent))
        {
            args.AddRange(["--bind", path, path]);
        }

        foreach (var path in layout.ReadOnly)
        {
            args.AddRange(["--ro-bind", path, path]);
        }

        // The sandbox's own root (the skeleton directories leading to its mounts) read-only too: nothing to write but its mounts.
        args.AddRange(["--remount-ro", "/"]);
        return args;
    }

    private static IEnumerable<string> EtcEntries() =>
        EtcAllowList.Select(name => Path.Combine("/etc", name))
            .Concat(Directory.Exists("/etc") ? Directory.EnumerateFileSystemEntries("/etc", "java-*") : [])
            .Where(Path.Exists)
            .Distinct(StringComparer.Ordinal);

    /// <summary>passwd and group files that name the sandbox user (tools ask who they are), written once under the data directory.</summary>
    private (string Passwd, string Group) AccountFiles(int uid)
    {
        var directory = Path.Combine(paths.DataDirectory, "sandbox");
        Directory.CreateDirectory(directory);
        var id = uid.ToString(CultureInfo.InvariantCulture);
        var passwd = Path.Combine(directory, "passwd-" + id);
        var group = Path.Combine(directory, "group-" + id);
        WriteIfChanged(passwd, $"root:x:0:0:root:/root:/usr/sbin/nologin\nbuild:x:{id}:{id}:BlazorConsole sandbox:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        WriteIfChanged(group, $"root:x:0:\nbuild:x:{id}:\nnogroup:x:65534:\n");
        return (passwd, group);
    }

    private static void WriteIfChanged(string path, string content)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != content)
        {
            var staging = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.WriteAllText(staging, content);
            File.Move(staging, path, overwrite: true);
        }
    }

    private bool IsInDataDirectory(string path) =>
        (Path.GetFullPath(path) + "/").StartsWith(paths.DataDirectory.TrimEnd('/') + "/", StringComparison.Ordinal)
        || (paths.DataDirectory.TrimEnd('/') + "/").StartsWith(Path.GetFullPath(path).TrimEnd('/') + "/", StringComparison.Ordinal);

    private IEnumerable<string> Describe(SandboxLayout layout) =>
        layout.Writable.Concat(layout.Persistent).Select(p => Path.GetRelativePath(paths.DataDirectory, p) + " (writable)")
            .Concat(layout.ReadOnly.Select(p => Path.GetRelativePath(paths.DataDirectory, p) + " (read-only)"));

    /// <summary>The real uid of this process (from /proc: no P/Invoke).</summary>
    internal static int CurrentUid()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: >= 2 } && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var uid) ? uid : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    internal static string JoinScript => JoinGroupScript;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not hand {Path} to the sandbox user: {Error}")]
    private static partial void LogChownFailed(ILogger logger, string path, string error);
}

/// <summary>The sandbox cannot be set up on this machine; the message says what to install or configure.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);

/// <summary>One build's or release's sandbox: wraps each command, knows whether a limit stopped it, cleans up its cgroup.</summary>
public sealed class SandboxSession : IDisposable
{
    private readonly IReadOnlyList<string> wrapper;
    private readonly ResourceGroup? group;
    private readonly ProcessSandbox sandbox;

    internal SandboxSession(IReadOnlyList<string> wrapper, ResourceGroup? group, string searchPath, ProcessSandbox sandbox)
    {
        this.wrapper = wrapper;
        this.group = group;
        this.sandbox = sandbox;
        SearchPath = searchPath;
    }

    /// <summary>True when commands run in bubblewrap (stop signals then go to the processes inside, see <see cref="TerminationTarget.ProcessesBelow"/>).</summary>
    public bool Isolated => wrapper.Count > 0;

    /// <summary>PATH inside the sandbox.</summary>
    public string SearchPath { get; }

    /// <summary>The executable and arguments that run <paramref name="executable"/> in this sandbox, in <paramref name="workingDirectory"/>.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Command(string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        var all = new List<string>();
        if (group is not null)
        {
            all.AddRange(["/bin/sh", "-c", ProcessSandbox.JoinScript, "blazorconsole-sandbox", .. group.ProcsFiles, "--"]);
        }

        if (Isolated)
        {
            all.AddRange(wrapper);
            all.AddRange(["--chdir", workingDirectory, "--", executable]);
        }
        else
        {
            all.Add(executable);
        }

        all.AddRange(arguments);
        return (all[0], all.Skip(1).ToList());
    }

    /// <summary>
    /// <paramref name="executable"/> run in this sandbox, as a command for <see cref="ChildProcess"/>: a stop's TERM goes
    /// to the processes inside (bubblewrap would die of it and SIGKILL them, without a chance to drain).
    /// </summary>
    public ChildProcessCommand Wrap(string executable, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var (fileName, wrapped) = Command(executable, arguments, workingDirectory);
        return new ChildProcessCommand(fileName, wrapped, workingDirectory, environment)
        {
            TerminationTarget = Isolated ? TerminationTarget.ProcessesBelow : TerminationTarget.ProcessGroup,
        };
    }

    /// <summary>Why the last command failed when a resource limit did it, in words; else null.</summary>
    public string? LimitReached() => group?.LimitReached();

    /// <inheritdoc cref="ProcessSandbox.GiveToSandboxUser"/>
    public void GiveToSandboxUser(string path) => sandbox.GiveToSandboxUser(path);

    public void Dispose() => group?.Dispose();
}
