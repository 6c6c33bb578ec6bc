using System.Net;
using System.Text;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Webhooks;

/// <summary>
/// Hostile and broken deliveries: never a 5xx, the process keeps serving, and each one (404 and 413 excepted)
/// is in the delivery log with its reason.
/// </summary>
public class BadInputTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    public static TheoryData<string, int, string> Corpus => new()
    {
        { "truncated JSON", 400, "malformed" },
        { "wrong content type", 400, "malformed" },
        { "invalid UTF-8", 400, "malformed" },
        { "JSON that is not an object", 400, "malformed" },
        { "push without a ref", 400, "malformed" },
        { "no provider headers", 400, "malformed" },
        { "missing signature", 401, "bad-signature" },
        { "wrong signature", 401, "bad-signature" },
        { "signature of another body (replayed)", 401, "bad-signature" },
        { "garbage signature", 401, "bad-signature" },
        { "stale Gitee timestamp", 401, "bad-signature" },
        { "GitLab token of another component", 401, "bad-signature" },
        { "unknown event", 200, "event-ignored" },
        { "empty body", 400, "malformed" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Bad_input_is_refused_cleanly_and_recorded_with_its_reason(string scenario, int status, string reason)
    {
        const string secret = "topsecret";
        var component = await factory.CreateComponentAsync(new { name = "bad-" + Guid.NewGuid().ToString("N")[..10], application = "bad-input", gitUrl = "https://example.test/r.git", branch = "master", triggerKeyword = "" });
        await factory.SetWebhookSecretAsync(component.Id, secret);
        var delivery = Build(scenario, secret);

        using var client = factory.CreateSocketClient();
        var response = await client.SendAsync(delivery.ToRequest(component.Id));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(reason, body.GetProperty("reason").GetString());
        var logged = await factory.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.ComponentId == component.Id).Select(d => new { d.Reason, d.Detail, d.Status }).SingleAsync());
        Assert.Equal(status, logged.Status);
        Assert.False(string.IsNullOrWhiteSpace(logged.Detail), "The log says why in words.");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Builds.CountAsync(b => b.ComponentId == component.Id)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_30_MB_body_is_refused_with_413_and_not_stored()
    {
        var component = await factory.CreateComponentAsync(new { name = "huge-" + Guid.NewGuid().ToString("N")[..10], application = "bad-input", gitUrl = "https://example.test/r.git", branch = "master" });
        var delivery = RecordedDelivery.Load("github", "push");
        delivery.Body = new byte[30 * 1024 * 1024];
        using var client = factory.CreateSocketClient();

        // A declared length over the limit is answered before the body is sent (the client waits for 100-continue).
        var declared = delivery.ToRequest(component.Id);
        declared.Headers.ExpectContinue = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(declared)).StatusCode);

        // Without a Content-Length (chunked), the limit applies while reading: the server answers 413 and stops
        // reading, so the sender sees either the 413 or its connection closed mid-upload.
        var chunked = delivery.ToRequest(component.Id);
        chunked.Content = new StreamContent(new MemoryStream(delivery.Body));
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        try
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(chunked)).StatusCode);
        }
        catch (HttpRequestException)
        {
            // Connection closed by the server while the client was still uploading.
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static RecordedDelivery Build(string scenario, string secret)
    {
        var github = RecordedDelivery.Load("github", "push").WithNewDeliveryId();
        void Sign(RecordedDelivery d) => d.Headers["X-Hub-Signature-256"] = "sha256=" + BlazorConsole.Git.Webhooks.WebhookSignatures.HexHmacSha256(d.Body, secret);
        switch (scenario)
        {
            case "truncated JSON":
                github.Body = github.Body[..(github.Body.Length / 2)];
                Sign(github);
                return github;
            case "wrong content type":
                github.Headers["Content-Type"] = "text/plain";
                return github;
            case "invalid UTF-8":
                github.Body = [.. "{\"ref\":\"refs/heads/master\",\"x\":\""u8.ToArray(), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()];
                Sign(github);
                return github;
            case "JSON that is not an object":
                github.Body = "[1,2,3]"u8.ToArray();
                Sign(github);
                return github;
            case "push without a ref":
                github.Body = """{"before":"a","after":"b","repository":{"name":"x"}}"""u8.ToArray();
                Sign(github);
                return github;
            case "no provider headers":
                github.Headers.Remove("X-GitHub-Event");
                return github;
            case "missing signature":
                github.Headers.Remove("X-Hub-Signature-256");
                github.Headers.Remove("X-Hub-Signature");
                return github;
            case "wrong signature":
                github.Headers["X-Hub-Signature-256"] = "sha256=" + BlazorConsole.Git.Webhooks.WebhookSignatures.HexHmacSha256(github.Body, "wrong");
                return github;
            case "signature of another body (replayed)":
                github.Headers["X-Hub-Signature-256"] = RecordedDelivery.Load("github", "push_tag").Headers["X-Hub-Signature-256"];
                return github;
            case "garbage signature":
                github.Headers["X-Hub-Signature-256"] = "sha256=not-hex-at-all";
                return github;
            case "stale Gitee timestamp":
                var gitee = RecordedDelivery.Load("gitee", "push");
                // The recorded signature is genuine for this secret, but from 2021.
                gitee.Headers["X-Gitee-Token"] = BlazorConsole.Git.Webhooks.WebhookSignatures.GiteeSign(secret, gitee.Headers["X-Gitee-Timestamp"]);
                return gitee;
            case "GitLab token of another component":
                var gitlab = RecordedDelivery.Load("gitlab", "push");
                gitlab.Headers["X-Gitlab-Token"] = "someone-elses-token";
                return gitlab;
            case "unknown event":
                github.Headers["X-GitHub-Event"] = "issues";
                Sign(github);
                return github;
            case "empty body":
                github.Body = [];
                Sign(github);
                return github;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario);
        }
    }
}
