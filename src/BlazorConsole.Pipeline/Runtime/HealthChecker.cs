using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Probes a new release until it answers: an HTTP GET of the configured path with a status below 500, or a TCP connect
/// when no path is configured. Every attempt goes into the health log stored on the release.
/// </summary>
public sealed class HealthChecker(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    // One pooled client for every probe; no proxy (the target is the runtime's own address) and no redirects (3xx is healthy).
    private readonly HttpClient client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <param name="exited">Asks the runtime whether the release ended already (its last exit, or null while it runs).</param>
    public async Task<HealthResult> WaitHealthyAsync(RuntimeEndpoint endpoint, string? path, TimeSpan timeout, Func<CancellationToken, ValueTask<string?>> exited, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(exited);
        var log = new StringBuilder();
        var started = time.GetTimestamp();
        var attempts = 0;
        string? lastError = null;
        var address = endpoint.Address;
        var target = string.IsNullOrEmpty(path) ? $"tcp {address.Host}:{address.Port}" : $"GET {new Uri(address, path)}";
        log.AppendLine(CultureInfo.InvariantCulture, $"Health check: {target}, timeout {timeout.TotalSeconds:0.#} s.");
        while (time.GetElapsedTime(started) < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            if (await exited(cancellationToken) is { } exit)
            {
                log.AppendLine(CultureInfo.InvariantCulture, $"The process ended before it became healthy: {exit}.");
                return new HealthResult(false, log.ToString());
            }

            var (healthy, detail) = string.IsNullOrEmpty(path)
                ? await TcpAsync(address, cancellationToken)
                : await HttpAsync(new Uri(address, path), cancellationToken);
            if (healthy)
            {
                log.AppendLine(CultureInfo.InvariantCulture, $"Healthy after {time.GetElapsedTime(started).TotalMilliseconds:0} ms ({attempts} attempts): {detail}.");
                return new HealthResult(true, log.ToString());
            }

            // Only changes are logged: a slow start is one line, not hundreds.
            if (detail != lastError)
            {
                log.AppendLine(CultureInfo.InvariantCulture, $"+{time.GetElapsedTime(started).TotalMilliseconds:0} ms: {detail}");
                lastError = detail;
            }

            await Task.Delay(Interval, time, cancellationToken);
        }

        log.AppendLine(CultureInfo.InvariantCulture, $"Not healthy after {timeout.TotalSeconds:0.#} s ({attempts} attempts).");
        return new HealthResult(false, log.ToString());
    }

    private async Task<(bool, string)> HttpAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return (status < 500, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
        }
        catch (HttpRequestException ex)
        {
            return (false, ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, "no answer within 5 s");
        }
    }

    private static async Task<(bool, string)> TcpAsync(Uri address, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(address.Host, address.Port, cancellationToken);
            return (true, "TCP connected");
        }
        catch (SocketException ex)
        {
            return (false, ex.Message);
        }
    }

    public void Dispose() => client.Dispose();
}

public sealed record HealthResult(bool Healthy, string Log);
