using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlazorConsole.TestSupport;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 (a free port) serving the bare repositories of this machine over SSH, as a Git
/// provider does: public-key sign-in only, keys from its own authorized_keys file (deploy keys are added with
/// <see cref="Authorize"/>), its own generated host key (<see cref="RestartWithNewHostKeyAsync"/> replaces it, as a
/// re-installed or impersonated server would). Runs <c>/usr/sbin/sshd -D -e</c> as the current user (root in CI).
/// </summary>
public sealed class SshGitServer : IAsyncDisposable
{
    public const string Sshd = "/usr/sbin/sshd";

    /// <summary>Test classes that count the ssh processes of the test run share this collection: they never run at once.</summary>
    public const string TestCollection = "ssh";

    private readonly string root;
    private readonly StringBuilder output = new();
    private Process? process;

    private SshGitServer(string root, int port)
    {
        this.root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The account SSH signs in as: the user running the tests.</summary>
    public static string User => Environment.UserName;

    public string AuthorizedKeysFile => Path.Combine(root, "authorized_keys");

    /// <summary>The current host key's public line (changes with <see cref="RestartWithNewHostKeyAsync"/>).</summary>
    public string HostPublicKey => File.ReadAllText(HostKeyFile + ".pub").Trim();

    /// <summary>What sshd printed (-e): which keys it accepted or refused, for assertion messages.</summary>
    public string Log
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private string HostKeyFile => Path.Combine(root, "host_ed25519");

    /// <summary><c>ssh://user@127.0.0.1:port/absolute/path/app.git</c> for a bare repository on this machine.</summary>
    public string UrlFor(string bareRepositoryPath) =>
        $"ssh://{User}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{Path.GetFullPath(bareRepositoryPath)}";

    public static async Task<SshGitServer> StartAsync(string root)
    {
        if (!File.Exists(Sshd))
        {
            throw new InvalidOperationException($"{Sshd} is missing: install openssh-server (scripts/test.sh does: apt-get install openssh-server).");
        }

        root = Directory.CreateDirectory(Path.GetFullPath(root)).FullName;
        // As root, sshd wants its privilege-separation directory (the Debian package's service would create it).
        if (Environment.UserName == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }

        var server = new SshGitServer(root, LoopbackPort.Free());
        File.WriteAllText(server.AuthorizedKeysFile, "");
        Keygen(server.HostKeyFile);
        File.WriteAllText(Path.Combine(root, "sshd_config"), string.Join('\n',
            $"Port {server.Port.ToString(CultureInfo.InvariantCulture)}",
            "ListenAddress 127.0.0.1",
            $"HostKey {server.HostKeyFile}",
            "PidFile none",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            $"AuthorizedKeysFile {server.AuthorizedKeysFile}",
            "StrictModes no",
            "UsePAM no",
            "LogLevel VERBOSE",
            ""));
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Adds a public key (a deploy key) to the server's authorized keys.</summary>
    public void Authorize(string publicKey) => File.AppendAllText(AuthorizedKeysFile, publicKey.Trim() + "\n");

    /// <summary>Stops the server, gives it a new host key and starts it again on the same port.</summary>
    public async Task RestartWithNewHostKeyAsync()
    {
        await StopAsync();
        File.Delete(HostKeyFile);
        File.Delete(HostKeyFile + ".pub");
        Keygen(HostKeyFile);
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(Sshd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-D", "-e", "-f", Path.Combine(root, "sshd_config") })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {process.ExitCode}: {Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"sshd did not listen on 127.0.0.1:{Port}: {Log}");
    }

    private async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static void Keygen(string file)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-q", "-t", "ed25519", "-N", "", "-C", "test-sshd", "-f", file })
        {
            start.ArgumentList.Add(argument);
        }

        using var keygen = Process.Start(start)!;
        var error = keygen.StandardError.ReadToEndAsync();
        keygen.StandardOutput.ReadToEnd();
        keygen.WaitForExit();
        if (keygen.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {error.Result}");
        }
    }
}
