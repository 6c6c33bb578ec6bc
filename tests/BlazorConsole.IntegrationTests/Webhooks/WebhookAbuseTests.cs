using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Web.Features.Webhooks;
using RecordedDelivery = BlazorConsole.IntegrationTests.Infrastructure.RecordedDelivery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Webhooks;

/// <summary>
/// A console with a small budget of rejected requests and a strict minimum upload rate, so floods and trickles show
/// their effect within seconds.
/// </summary>
public sealed class AbuseConsoleFactory : KestrelConsoleFactory
{
    public const int RejectedPerMinute = 20;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:RejectedPerMinute", RejectedPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Webhooks:MinBodyBytesPerSecond", "100");
        builder.UseSetting("Webhooks:BodyGracePeriod", "00:00:01.500");
    }
}

/// <summary>
/// Abuse of the webhook URLs: forged floods are throttled per component without holding back genuine deliveries,
/// rejected bodies are kept only in part, and a body that trickles in gets 408, never a 500.
/// </summary>
public class WebhookAbuseTests(AbuseConsoleFactory factory) : IClassFixture<AbuseConsoleFactory>
{
    private const string Secret = "the-real-secret";

    [Fact]
    public async Task A_burst_of_2000_forged_deliveries_is_throttled_and_the_database_stays_small()
    {
        var component = await CreateComponentAsync("flood");
        using var client = factory.CreateSocketClient();
        var databaseBefore = DatabaseBytes();

        var statuses = new ConcurrentBag<HttpStatusCode>();
        var retryAfters = new ConcurrentBag<string>();
        var sent = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var genuineDuringFlood = Task.Run(async () =>
        {
            await halfway.Task;
            return await client.SendAsync(Signed().ToRequest(component.Id));
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var response = await client.SendAsync(Forged(bodyBytes: 20 * 1024).ToRequest(component.Id), ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfters.Add(response.Headers.RetryAfter?.Delta is { } delta ? delta.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            }

            if (Interlocked.Increment(ref sent) == 1000)
            {
                halfway.TrySetResult();
            }
        });

        var tooMany = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        var unauthorized = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Assert.Equal(2000, tooMany + unauthorized);
        // The window may roll over once during the burst: at most two windows' worth is stored.
        Assert.InRange(unauthorized, 1, 2 * AbuseConsoleFactory.RejectedPerMinute);
        Assert.All(retryAfters, value => Assert.True(double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 60, $"Retry-After was '{value}'"));

        var stored = await factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id && d.Decision == WebhookDecision.Rejected));
        Assert.Equal(unauthorized, stored);
        Assert.Equal(tooMany, factory.Services.GetRequiredService<RejectedDeliveryLimiter>().RefusedSinceStart(component.Id));
        var growth = DatabaseBytes() - databaseBefore;
        // 2,000 rows of 20 KB random bodies would be tens of megabytes; the stored ones are at most 4 KB each.
        Assert.True(growth < 1024 * 1024, $"The database grew by {growth} bytes during the flood.");

        // Correctly signed deliveries never take a permit: accepted during the flood and right after it.
        Assert.Equal(HttpStatusCode.Accepted, (await genuineDuringFlood).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Signed().ToRequest(component.Id))).StatusCode);
        // Another component's budget is its own.
        var other = await CreateComponentAsync("bystander");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Forged(bodyBytes: 100).ToRequest(other.Id))).StatusCode);
    }

    [Fact]
    public async Task A_rejected_delivery_keeps_size_sha256_and_only_the_first_4_KB_of_its_body()
    {
        var component = await CreateComponentAsync("clip");
        var forged = Forged(bodyBytes: 10_000);
        using var client = factory.CreateSocketClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged.ToRequest(component.Id))).StatusCode);

        var row = await factory.WithDbAsync(db => db.WebhookDeliveries.Include(d => d.Body).SingleAsync(d => d.ComponentId == component.Id));
        Assert.Equal(10_000, row.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(forged.Body)), row.BodySha256);
        Assert.True(row.BodyTruncated);
        Assert.Equal(forged.Body[..DeliveryRecorder.RejectedBodyKeptBytes], StoredBody.Decompress(row.Body!.Content));
        Assert.Contains("X-GitHub-Event", row.HeadersJson, StringComparison.OrdinalIgnoreCase);

        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var details = await (await api.GetAsync($"/api/v1/deliveries/{row.Id}")).ReadJsonAsync();
        Assert.Equal(10_000, details.GetProperty("bodyLength").GetInt32());
        Assert.Equal(row.BodySha256, details.GetProperty("bodySha256").GetString());
        Assert.True(details.GetProperty("bodyTruncated").GetBoolean());
    }

    [Fact]
    public async Task An_accepted_delivery_keeps_its_whole_body_with_size_and_sha256()
    {
        var component = await CreateComponentAsync("whole");
        var signed = Signed();
        using var client = factory.CreateSocketClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(signed.ToRequest(component.Id))).StatusCode);

        var row = await factory.WithDbAsync(db => db.WebhookDeliveries.Include(d => d.Body).SingleAsync(d => d.ComponentId == component.Id));
        Assert.True(signed.Body.Length > DeliveryRecorder.RejectedBodyKeptBytes, "The recorded push is larger than what a rejected one keeps.");
        Assert.Equal(signed.Body.Length, row.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signed.Body)), row.BodySha256);
        Assert.False(row.BodyTruncated);
        Assert.Equal(signed.Body, StoredBody.Decompress(row.Body!.Content));
    }

    [Theory]
    [InlineData("webhooks", "X-GitHub-Event: push\r\n")]
    [InlineData("custom/deploy", "")]
    public async Task A_body_that_trickles_in_is_answered_408_and_not_stored(string route, string extraHeaders)
    {
        var component = await CreateComponentAsync("slow");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(factory.BaseAddress.Host, factory.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /console/{route}/{component.Id} HTTP/1.1\r\nHost: {factory.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: 5000\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = ReadStatusLineAsync(stream, timeout.Token);
        // About 10 bytes a second against a minimum of 100 after a 1.5 s grace: the server must cut it off.
        while (!answer.IsCompleted && !timeout.IsCancellationRequested)
        {
            try
            {
                await stream.WriteAsync("{"u8.ToArray(), timeout.Token);
            }
            catch (IOException)
            {
                break; // The server closed the connection after answering.
            }

            await Task.WhenAny(answer, Task.Delay(100, timeout.Token));
        }

        Assert.StartsWith("HTTP/1.1 408", await answer);
        Assert.Equal(0, await factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id)));
        using var client = factory.CreateSocketClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }

    private async Task<CreatedComponent> CreateComponentAsync(string prefix)
    {
        var component = await factory.CreateComponentAsync(new { name = $"{prefix}-{Guid.NewGuid():N}"[..20], application = "abuse", gitUrl = "https://example.test/r.git", branch = "master", triggerKeyword = "" });
        await factory.SetWebhookSecretAsync(component.Id, Secret);
        return component;
    }

    /// <summary>The recorded GitHub push to master, signed with the component's secret under a fresh delivery id.</summary>
    private static RecordedDelivery Signed()
    {
        var delivery = RecordedDelivery.Load("github", "push").WithNewDeliveryId();
        delivery.Headers["X-Hub-Signature-256"] = "sha256=" + WebhookSignatures.HexHmacSha256(delivery.Body, Secret);
        return delivery;
    }

    /// <summary>A GitHub push with a random (incompressible) body signed with the wrong secret.</summary>
    private static RecordedDelivery Forged(int bodyBytes)
    {
        var delivery = RecordedDelivery.Load("github", "push").WithNewDeliveryId();
        delivery.Body = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes((bodyBytes + 1) / 2)))[..bodyBytes];
        delivery.Headers["X-Hub-Signature-256"] = "sha256=" + WebhookSignatures.HexHmacSha256(delivery.Body, "a-guess");
        return delivery;
    }

    private long DatabaseBytes() =>
        new[] { "console.db", "console.db-wal", "console.db-shm" }
            .Select(name => new FileInfo(Path.Combine(factory.DataDir, name)))
            .Where(file => file.Exists)
            .Sum(file => file.Length);
}
