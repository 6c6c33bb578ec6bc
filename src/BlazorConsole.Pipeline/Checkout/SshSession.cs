using System.Globalization;
using System.Text;
using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// What one SSH fetch runs: libgit2 (ssh_exec backend) starts the program named by the repository's <c>core.sshCommand</c>
/// with <c>[-p port] user@host git-upload-pack 'path'</c>. It executes that program directly, without a shell, so the
/// options cannot be written into the setting itself: they go into a small script in a private directory (0700) beside
/// the key file (0600), both deleted when the session ends. The script also keeps ssh's error output (libgit2 leaves it on
/// the console's stderr, where nobody can act on it) and the process ids: libgit2 never waits for the ssh process, so
/// the session reaps it — otherwise every fetch would leave a zombie behind.
/// </summary>
internal sealed class SshSession : IDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);
    private static readonly string[] OverridingVariables = ["GIT_SSH_COMMAND", "GIT_SSH"];

    private readonly string directory;
    private readonly string errorFile;
    private readonly string pidFile;

    private SshSession(string directory, string command, string errorFile, string pidFile, string knownHostsFile)
    {
        this.directory = directory;
        Command = command;
        KnownHostsFile = knownHostsFile;
        this.errorFile = errorFile;
        this.pidFile = pidFile;
    }

    /// <summary>The program to put in <c>core.sshCommand</c>.</summary>
    public string Command { get; }

    /// <summary>The repository's pinned host keys.</summary>
    public string KnownHostsFile { get; }

    /// <summary>Variables that libgit2 prefers to <c>core.sshCommand</c>: set in the console's environment, they would bypass the deploy key.</summary>
    public static string? OverridingEnvironmentVariable() =>
        OverridingVariables.FirstOrDefault(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));

    /// <param name="workDirectory">Parent of the private directory (the data directory's <c>work/</c>).</param>
    /// <param name="knownHostsFile">The repository's pinned host keys: trusted on first use, required afterwards.</param>
    public static SshSession Open(string sshProgram, string workDirectory, string privateKey, string knownHostsFile, TimeSpan connectTimeout)
    {
        var directory = SshKeys.CreatePrivateDirectory(workDirectory, "ssh-");
        try
        {
            var keyFile = Path.Combine(directory, "key");
            var errorFile = Path.Combine(directory, "stderr");
            var pidFile = Path.Combine(directory, "pids");
            var script = Path.Combine(directory, "ssh");
            SshKeys.WritePrivateFile(keyFile, SshKeys.NormalizePrivateKey(privateKey));
            var seconds = Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var text = new StringBuilder()
                .Append("#!/bin/sh\n")
                .Append("# Written by BlazorConsole for one fetch; deleted when it ends.\n")
                .Append(CultureInfo.InvariantCulture, $"echo $$ >> {Quote(pidFile)}\n")
                // -F /dev/null: neither the console user's ~/.ssh/config nor its keys or agent take part; only the deploy key.
                .Append(CultureInfo.InvariantCulture, $"exec {Quote(sshProgram)} -F /dev/null -i {Quote(keyFile)} -o IdentitiesOnly=yes -o IdentityAgent=none ")
                .Append("-o BatchMode=yes -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no ")
                .Append(CultureInfo.InvariantCulture, $"-o StrictHostKeyChecking=accept-new -o {Quote("UserKnownHostsFile=" + knownHostsFile)} -o GlobalKnownHostsFile=/dev/null -o HashKnownHosts=no ")
                .Append(CultureInfo.InvariantCulture, $"-o ConnectTimeout={seconds} -o ServerAliveInterval=15 -o ServerAliveCountMax=4 ")
                .Append(CultureInfo.InvariantCulture, $"\"$@\" 2>> {Quote(errorFile)}\n")
                .ToString();
            File.WriteAllText(script, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return new SshSession(directory, script, errorFile, pidFile, knownHostsFile);
        }
        catch
        {
            ScratchDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <summary>What ssh printed on stderr so far (errors, warnings), without the "permanently added" notice.</summary>
    public string Errors()
    {
        try
        {
            if (!File.Exists(errorFile))
            {
                return "";
            }

            var lines = File.ReadAllLines(errorFile)
                .Where(l => l.Trim().Length > 0 && !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal));
            var text = string.Join('\n', lines);
            return text.Length > 4000 ? text[^4000..] : text;
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Stops the ssh processes of this session at once (a canceled build must not wait for a stalled server).</summary>
    public void Kill()
    {
        foreach (var pid in Pids())
        {
            if (IsOurChild(pid, out var zombie) && !zombie)
            {
                ProcessSignals.Send(pid, ProcessSignal.Kill);
            }
        }
    }

    public void Dispose()
    {
        Reap();
        ScratchDirectory.TryDelete(directory);
    }

    private void Reap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var pid in Pids())
        {
            // libgit2 closed its pipes, so ssh ends within moments; one that does not is stopped.
            var deadline = DateTime.UtcNow + ReapTimeout;
            while (IsOurChild(pid, out var zombie))
            {
                if (zombie)
                {
                    // Only our own exited child, checked just before: never a process the .NET runtime waits for.
                    ProcessSignals.Reap(pid);
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Kill();
                    deadline = DateTime.UtcNow + ReapTimeout;
                }

                Thread.Sleep(10);
            }
        }
    }

    private List<int> Pids()
    {
        try
        {
            return File.Exists(pidFile)
                ? File.ReadAllLines(pidFile).Select(l => int.TryParse(l.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0).ToList()
                : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>True while <paramref name="pid"/> is a child of this process (running or exited and not yet reaped).</summary>
    private static bool IsOurChild(int pid, out bool zombie)
    {
        var process = ProcessSignals.ParentOf(pid);
        zombie = process?.Zombie ?? false;
        return process?.ParentPid == Environment.ProcessId;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
