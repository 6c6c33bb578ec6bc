using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BlazorConsole.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder a console reaches its database through. <see cref="Cut"/> resets every connection and stops
/// listening: the server sees the client's sessions end at once and the client cannot connect again — what a database
/// sees when the console's process dies (no clean-up statement, no unlock, nothing more from it).
/// </summary>
public sealed class TcpLink : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> sockets = [];
    private readonly CancellationTokenSource cut = new();
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly Task accepting;
    private volatile bool refusing;

    private TcpLink(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Forwards to the host and port of <paramref name="connectionString"/>; <see cref="Rewrite"/> points a connection string here.</summary>
    public static TcpLink ToPostgres(string connectionString)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new TcpLink(target.Host!, target.Port);
    }

    public string Rewrite(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ToString();

    /// <summary>Every connection reset (RST, no FIN handshake), no new ones accepted.</summary>
    public void Cut()
    {
        cut.Cancel();
        listener.Stop();
        foreach (var socket in sockets)
        {
            Reset(socket);
        }
    }

    /// <summary>
    /// The database goes away for a while (a restart, a network blip): every connection is reset and new ones are reset
    /// on arrival until <see cref="Restore"/>.
    /// </summary>
    public void Interrupt()
    {
        refusing = true;
        foreach (var socket in sockets)
        {
            Reset(socket);
        }
    }

    /// <summary>New connections reach the database again.</summary>
    public void Restore() => refusing = false;

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!cut.IsCancellationRequested)
        {
            Cut();
        }

        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        cut.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!cut.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (refusing)
            {
                Reset(client);
                continue;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(client);
            sockets.Add(upstream);
            try
            {
                await upstream.ConnectAsync(targetHost, targetPort, cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Close();
                continue;
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cut.Token);
                if (read == 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cut.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        if (!cut.IsCancellationRequested)
        {
            // One side closed its connection normally: close the other as well.
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
