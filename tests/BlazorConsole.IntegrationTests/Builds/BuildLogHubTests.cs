using System.Globalization;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Features.Builds.Logs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>
/// The SignalR log stream over a real port with a bearer API token: every line of a 100,000-line live log arrives once,
/// in order, and a client that reconnects from its last sequence number continues exactly.
/// </summary>
public class BuildLogHubTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    private const int Lines = 100_000;

    [Fact]
    public async Task A_client_receives_100000_live_lines_in_order_with_none_lost()
    {
        var buildId = 900_000_000L + Random.Shared.Next(1_000_000);
        await using var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stream = connection.StreamAsync<BuildLogBatchMessage>("Follow", buildId, 1L, timeout.Token);

        var writing = WriteAsync(buildId, 1, Lines);
        var received = await CollectAsync(stream, stopAfter: int.MaxValue);
        await writing;

        AssertExact(received, 1, Lines);
    }

    [Fact]
    public async Task A_reconnect_mid_stream_resumes_from_the_last_sequence_number_exactly()
    {
        var buildId = 910_000_000L + Random.Shared.Next(1_000_000);
        var writing = WriteAsync(buildId, 1, Lines, pauseEvery: 5_000);

        List<BuildLogLineMessage> before;
        await using (var connection = await ConnectAsync())
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            before = await CollectAsync(connection.StreamAsync<BuildLogBatchMessage>("Follow", buildId, 1L, stop.Token), stopAfter: 30_000);
            await stop.CancelAsync();
        }

        Assert.InRange(before.Count, 30_000, Lines - 1);
        await using var again = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var after = await CollectAsync(again.StreamAsync<BuildLogBatchMessage>("Follow", buildId, before[^1].Seq + 1, timeout.Token), stopAfter: int.MaxValue);
        await writing;

        AssertExact([.. before, .. after], 1, Lines);
    }

    [Fact]
    public async Task A_caller_without_access_to_the_build_is_refused()
    {
        var outsider = await fixture.Console.CreateUserAsync($"outsider-{Guid.NewGuid():N}@example.test", defaultTeamRole: null);
        await using var connection = await ConnectAsync(outsider.Token);
        var stream = connection.StreamAsync<BuildLogBatchMessage>("Follow", 1L, 1L);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(async () => await CollectAsync(stream, int.MaxValue));
    }

    private async Task<HubConnection> ConnectAsync(string token = ConsoleFactory.AdminToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Console.BaseAddress, BuildLogHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Writes lines "line N" through the real log writer (file + live notifier), then completes the log.</summary>
    private Task WriteAsync(long buildId, int from, int count, int pauseEvery = 0) => Task.Run(async () =>
    {
        var store = fixture.Console.Services.GetRequiredService<BuildLogStore>();
        using var writer = store.OpenWriter(buildId.ToString(CultureInfo.InvariantCulture));
        for (var start = from; start < from + count; start += 1000)
        {
            writer.WriteLines(Enumerable.Range(start, 1000).Select(n => "line " + n.ToString(CultureInfo.InvariantCulture)));
            if (pauseEvery > 0 && (start + 999) % pauseEvery == 0)
            {
                await Task.Delay(20);
            }
        }

        writer.Complete();
    });

    private static async Task<List<BuildLogLineMessage>> CollectAsync(IAsyncEnumerable<BuildLogBatchMessage> stream, int stopAfter)
    {
        var lines = new List<BuildLogLineMessage>();
        await foreach (var batch in stream)
        {
            lines.AddRange(batch.Lines);
            if (batch.Completed || lines.Count >= stopAfter)
            {
                break;
            }
        }

        return lines;
    }

    private static void AssertExact(List<BuildLogLineMessage> lines, int first, int count)
    {
        Assert.Equal(count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var expected = first + i;
            if (lines[i].Seq != expected || lines[i].Text != "line " + expected.ToString(CultureInfo.InvariantCulture))
            {
                Assert.Fail($"line {i}: expected seq {expected}, got {lines[i].Seq} '{lines[i].Text}'");
            }
        }
    }
}
