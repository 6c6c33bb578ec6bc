using System.Globalization;
using System.Text;
using BlazorConsole.Pipeline.Runtime;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// One release's container while this console runs it: its id, address, and the pump that copies its stdout and stderr
/// into the release's runtime log line by line for its whole lifetime (across Docker's restarts of it).
/// </summary>
internal sealed partial class RunningContainer(string id, ReleaseLaunch launch) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task pump = Task.CompletedTask;
    private volatile bool draining;

    public string Id => id;

    public string ShortId => id[..Math.Min(12, id.Length)];

    /// <summary>What people see of it: <c>container 0123456789ab</c>.</summary>
    public string Label => "container " + ShortId;

    public ReleaseLaunch Launch => launch;

    public Uri Address { get; set; } = new("http://127.0.0.1/");

    /// <summary>It exited and Docker has not started it again yet (the next start event is a restart).</summary>
    public bool Died { get; set; }

    /// <summary>
    /// How it last ended, from Docker's die event: once Docker started it again, its inspected state reads exit code 0,
    /// so the Runtime tab would otherwise lose why it crashed.
    /// </summary>
    public string? LastExit { get; set; }

    /// <param name="since">Lines before it are not copied (an adopted container's earlier output was copied by the previous console).</param>
    public void FollowLogs(DockerClient client, ILogger logger, DateTimeOffset? since = null) => pump = Task.Run(() => PumpAsync(client, logger, since ?? DateTimeOffset.MinValue));

    /// <summary>Stops copying the log and lets go of the container, which keeps running (the next console adopts it).</summary>
    public async Task DetachAsync()
    {
        await stopping.CancelAsync();
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Dispose();
    }

    /// <summary>Lets the pump read what is left (the container stopped: its stream ends), then stops it after <paramref name="wait"/>.</summary>
    public async Task StopLogsAsync(TimeSpan wait)
    {
        draining = true;
        await pump.WaitAsync(wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await stopping.CancelAsync();
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Dispose();
    }

    public void Dispose() => stopping.Dispose();

    /// <summary>
    /// A followed log stream ends when the container stops, and Docker may start it again: the pump opens the stream again
    /// from the last line's timestamp (lines carry Docker's timestamps, so none is written twice) until it is stopped.
    /// </summary>
    private async Task PumpAsync(DockerClient client, ILogger logger, DateTimeOffset since)
    {
        var token = stopping.Token;
        var seen = since;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = !draining, Timestamps = true };
                if (seen > DateTimeOffset.MinValue)
                {
                    parameters.Since = seen.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                }

                using var stream = await client.Containers.GetContainerLogsAsync(id, parameters, token);
                seen = await CopyLinesAsync(stream, seen, token);
                if (draining)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (DockerContainerNotFoundException)
            {
                return; // removed: its lifetime is over
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                LogStreamBroken(logger, launch.ReleaseId, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<DateTimeOffset> CopyLinesAsync(MultiplexedStream stream, DateTimeOffset seen, CancellationToken token)
    {
        var buffer = new byte[8192];
        var decoders = new Dictionary<MultiplexedStream.TargetStream, (Decoder Decoder, StringBuilder Line)>();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, token);
            if (read.EOF)
            {
                break;
            }

            if (!decoders.TryGetValue(read.Target, out var target))
            {
                target = decoders[read.Target] = (Encoding.UTF8.GetDecoder(), new StringBuilder());
            }

            var count = target.Decoder.GetChars(buffer, 0, read.Count, chars, 0);
            foreach (var c in chars.AsSpan(0, count))
            {
                if (c == '\n')
                {
                    seen = Emit(target.Line.ToString(), seen);
                    target.Line.Clear();
                }
                else if (c != '\r')
                {
                    target.Line.Append(c);
                }
            }
        }

        foreach (var (_, line) in decoders.Values.Where(t => t.Line.Length > 0))
        {
            seen = Emit(line.ToString(), seen);
        }

        return seen;
    }

    /// <summary>Writes a line unless an earlier stream already did (its timestamp is not newer than the last one written).</summary>
    private DateTimeOffset Emit(string stamped, DateTimeOffset seen)
    {
        var space = stamped.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && DateTimeOffset.TryParse(stamped[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            if (at <= seen)
            {
                return seen;
            }

            launch.Log(stamped[(space + 1)..]);
            return at;
        }

        launch.Log(stamped);
        return seen;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {ReleaseId}: the container's log stream broke; opening it again.")]
    private static partial void LogStreamBroken(ILogger logger, long releaseId, Exception exception);
}
