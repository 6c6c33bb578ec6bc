using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BlazorConsole.TestSupport;

/// <summary>
/// A throw-away <c>redis-server</c> (Debian's, installed by scripts/test.sh) on a free loopback port, without
/// persistence, owned by one test class: it can be stopped and started again on the same port (an outage).
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private Process? process;

    private RedisTestServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Why the replica tests skip; null when redis-server is installed.</summary>
    public static string? UnavailableReason =>
        File.Exists(Executable) ? null : $"unavailable: {Executable} is not installed (scripts/test.sh installs Debian's redis-server)";

    public static async Task<RedisTestServer> StartAsync()
    {
        var server = new RedisTestServer(LoopbackPort.Free());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning"])
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        // Not left behind when a test class never reaches its clean-up (a failed InitializeAsync, a killed run's exit).
        var started = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (!started.HasExited)
                {
                    started.Kill();
                }
            }
            catch (InvalidOperationException)
            {
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AnswersPingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING (exited: {process.HasExited}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the server (clients see their connection drop, as when Redis crashes).</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
