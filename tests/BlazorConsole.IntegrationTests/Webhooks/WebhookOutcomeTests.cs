using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Webhooks;

/// <summary>
/// The webhook outcome table of API.md for every provider, end to end through a real Kestrel port, with the
/// recorded deliveries of ../shared/fixtures. Every outcome except 404 and 413 is in the delivery log afterwards.
/// </summary>
public class WebhookOutcomeTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    public static TheoryData<string, string, string, string> Providers => new()
    {
        // provider, push recording, the branch it pushes to, a recording that deletes a ref
        { "github", "push", "master", "branch_delete" },
        { "gitlab", "push", "master", "branch_delete" },
        { "gitee", "push", "feat-2-1", "push_branch_delete" },
        { "gitea", "push", "master", "branch_delete" },
        { "gogs", "push", "master", "branch_delete" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_matching_push_queues_a_build_and_its_repeat_is_a_duplicate(string provider, string push, string branch, string _)
    {
        var component = await ComponentAsync(provider, new { branch, triggerKeyword = "" });
        var delivery = Load(provider, push);

        var first = await SendAsync(component, delivery);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal("triggered", first.Body.GetProperty("decision").GetString());
        var buildId = first.Body.GetProperty("buildId").GetInt64();

        var build = await GetJsonAsync($"/api/v1/builds/{buildId}");
        Assert.Equal("Queued", build.GetProperty("status").GetString());
        Assert.Equal($"refs/heads/{branch}", build.GetProperty("ref").GetString());
        Assert.Equal(1, build.GetProperty("number").GetInt32());
        Assert.Equal(40, build.GetProperty("commitSha").GetString()!.Length);

        var repeat = await SendAsync(component, delivery);
        Assert.Equal(HttpStatusCode.OK, repeat.Status);
        Assert.Equal("duplicate", repeat.Body.GetProperty("decision").GetString());
        Assert.Equal(first.Body.GetProperty("deliveryId").GetInt64(), repeat.Body.GetProperty("originalDeliveryId").GetInt64());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Builds.CountAsync(b => b.ComponentId == component)));
        await AssertLoggedAsync(component, "duplicate", "triggered");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Pushes_that_do_not_build_say_why(string provider, string push, string branch, string deleteName)
    {
        var keyword = await ComponentAsync(provider, new { branch, triggerKeyword = "@deploy" });
        var noKeyword = await SendAsync(keyword, Load(provider, push));
        AssertSkipped(noKeyword, "keyword-missing");
        Assert.Contains("@deploy", noKeyword.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var otherBranch = await ComponentAsync(provider, new { branch = "production", triggerKeyword = "" });
        var mismatch = await SendAsync(otherBranch, Load(provider, push));
        AssertSkipped(mismatch, "branch-mismatch");
        Assert.Equal($"push to {branch}; this component tracks production", mismatch.Body.GetProperty("detail").GetString());

        var disabled = await ComponentAsync(provider, new { branch, triggerKeyword = "", webhookEnabled = false });
        AssertSkipped(await SendAsync(disabled, Load(provider, push)), "webhook-disabled");

        var deleted = await ComponentAsync(provider, new { branch = "*", triggerKeyword = "" });
        AssertSkipped(await SendAsync(deleted, Load(provider, deleteName)), "ref-deleted");

        Assert.Equal(0, await factory.WithDbAsync(db => db.Builds.CountAsync(b => b.ComponentId == keyword || b.ComponentId == otherBranch || b.ComponentId == disabled || b.ComponentId == deleted)));
        await AssertLoggedAsync(keyword, "skipped");
        await AssertLoggedAsync(otherBranch, "skipped");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_wrong_or_missing_signature_is_refused_with_401_and_recorded(string provider, string push, string branch, string _)
    {
        var component = await ComponentAsync(provider, new { branch, triggerKeyword = "" }, secret: "a-different-secret");

        var wrong = await SendAsync(component, Load(provider, push), setSecret: false);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal("rejected", wrong.Body.GetProperty("decision").GetString());
        Assert.Equal("bad-signature", wrong.Body.GetProperty("reason").GetString());

        var unsigned = Load(provider, push);
        foreach (var header in new[] { "X-Hub-Signature-256", "X-Hub-Signature", "X-Gitea-Signature", "X-Gogs-Signature", "X-Gitlab-Token", "X-Gitee-Token" })
        {
            unsigned.Headers.Remove(header);
        }

        var missing = await SendAsync(component, unsigned, setSecret: false);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Builds.CountAsync(b => b.ComponentId == component)));
        await AssertLoggedAsync(component, "rejected", "rejected");
    }

    [Fact]
    public async Task Unsigned_deliveries_build_only_when_the_component_allows_them()
    {
        var strict = await ComponentAsync("github", new { branch = "master", triggerKeyword = "" });
        var relaxed = await ComponentAsync("github", new { branch = "master", triggerKeyword = "", allowUnsigned = true });
        static RecordedDelivery Unsigned()
        {
            var delivery = Load("github", "push").WithNewDeliveryId();
            delivery.Headers.Remove("X-Hub-Signature-256");
            delivery.Headers.Remove("X-Hub-Signature");
            return delivery;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(strict, Unsigned(), setSecret: false)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(relaxed, Unsigned(), setSecret: false)).Status);

        // Allowing unsigned deliveries never accepts a wrong signature.
        var forged = Load("github", "push").WithNewDeliveryId();
        forged.Headers["X-Hub-Signature-256"] = "sha256=" + new string('0', 64);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(relaxed, forged, setSecret: false)).Status);
    }

    [Fact]
    public async Task Production_components_with_approval_create_a_build_that_waits()
    {
        var component = await ComponentAsync("github", new { branch = "master", triggerKeyword = "", environment = "Production" });

        var response = await SendAsync(component, Load("github", "push"));

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal("awaiting-approval", response.Body.GetProperty("decision").GetString());
        var build = await GetJsonAsync($"/api/v1/builds/{response.Body.GetProperty("buildId").GetInt64()}");
        Assert.Equal("AwaitingApproval", build.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GitHub_form_encoded_deliveries_are_read_from_the_payload_field()
    {
        var component = await ComponentAsync("github", new { branch = "master", triggerKeyword = "" }, secret: "form-secret");
        var delivery = Load("github", "push").WithNewDeliveryId();
        var json = System.Text.Encoding.UTF8.GetString(delivery.Body);
        delivery.Body = System.Text.Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(json));
        delivery.Headers["Content-Type"] = "application/x-www-form-urlencoded";
        delivery.Headers["X-Hub-Signature-256"] = "sha256=" + BlazorConsole.Git.Webhooks.WebhookSignatures.HexHmacSha256(delivery.Body, "form-secret");

        var response = await SendAsync(component, delivery, setSecret: false);

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
    }

    [Fact]
    public async Task Ping_answers_pong_and_other_events_are_recorded_as_ignored()
    {
        var component = await ComponentAsync("github", new { branch = "master", triggerKeyword = "" }, secret: "ping-secret");
        var ping = Load("github", "push");
        ping.Body = """{"zen":"Keep it logically awesome.","hook_id":292430182}"""u8.ToArray();
        ping.Headers["X-GitHub-Event"] = "ping";
        ping.Headers["X-Hub-Signature-256"] = "sha256=" + BlazorConsole.Git.Webhooks.WebhookSignatures.HexHmacSha256(ping.Body, "ping-secret");

        var pong = await SendAsync(component, ping, setSecret: false);
        Assert.Equal(HttpStatusCode.OK, pong.Status);
        Assert.Equal("pong", pong.Body.GetProperty("decision").GetString());

        var create = await SendAsync(component, Load("github", "branch_create"));
        AssertSkipped(create, "event-ignored");
        await AssertLoggedAsync(component, "skipped", "pong");
    }

    [Fact]
    public async Task Unknown_components_get_404_and_nothing_is_recorded()
    {
        var before = await factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync());
        using var client = factory.CreateSocketClient();

        var response = await client.SendAsync(Load("github", "push").ToRequest(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await factory.WithDbAsync(db => db.WebhookDeliveries.CountAsync()));
    }

    [Fact]
    public async Task Redeliver_re_evaluates_a_skipped_delivery_with_todays_rules()
    {
        var component = await ComponentAsync("gitlab", new { branch = "master", triggerKeyword = "@deploy" });
        var skipped = await SendAsync(component, Load("gitlab", "push"));
        AssertSkipped(skipped, "keyword-missing");

        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var patch = await api.PatchAsJsonAsync($"/api/v1/components/{component}/build-source", new { triggerKeyword = "" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var redelivered = await api.PostAsync($"/api/v1/deliveries/{skipped.Body.GetProperty("deliveryId").GetInt64()}/redeliver", null);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        var body = await redelivered.ReadJsonAsync();
        Assert.Equal("triggered", body.GetProperty("decision").GetString());
        Assert.Equal(skipped.Body.GetProperty("deliveryId").GetInt64(), body.GetProperty("redeliveryOfId").GetInt64());
        var build = await GetJsonAsync($"/api/v1/builds/{body.GetProperty("buildId").GetInt64()}");
        Assert.Equal("Redeliver", build.GetProperty("trigger").GetString());

        // A second redelivery of the same provider delivery does not build twice.
        var again = await (await api.PostAsync($"/api/v1/deliveries/{skipped.Body.GetProperty("deliveryId").GetInt64()}/redeliver", null)).ReadJsonAsync();
        Assert.Equal("duplicate", again.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Rejected_deliveries_cannot_be_redelivered()
    {
        var component = await ComponentAsync("github", new { branch = "master", triggerKeyword = "" }, secret: "not-the-recorded-one");
        var rejected = await SendAsync(component, Load("github", "push"), setSecret: false);
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);

        var redeliver = await api.PostAsync($"/api/v1/deliveries/{rejected.Body.GetProperty("deliveryId").GetInt64()}/redeliver", null);

        Assert.Equal(HttpStatusCode.BadRequest, redeliver.StatusCode);
        Assert.Contains("signature", (await redeliver.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_custom_api_trigger_builds_with_the_right_key_only()
    {
        var created = await factory.CreateComponentAsync(new { name = "api-" + Guid.NewGuid().ToString("N")[..8], application = "api-trigger", gitUrl = "https://example.test/repo.git", branch = "main", triggerKeyword = "@deploy" });
        using var client = factory.CreateSocketClient();

        var wrong = await client.PostAsJsonAsync($"/console/custom/deploy/{created.Id}", new { secret_key = "bck_wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var right = await client.PostAsJsonAsync($"/console/custom/deploy/{created.Id}", new { secret_key = created.ApiTriggerKey });
        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        var body = await right.ReadJsonAsync();
        Assert.Equal("triggered", body.GetProperty("decision").GetString());
        var build = await GetJsonAsync($"/api/v1/builds/{body.GetProperty("buildId").GetInt64()}");
        Assert.Equal(("Api", "refs/heads/main"), (build.GetProperty("trigger").GetString(), build.GetProperty("ref").GetString()));

        // The stored body never keeps the key.
        var stored = await factory.WithDbAsync(db => db.WebhookDeliveryBodies.Select(b => b.Content).ToListAsync());
        Assert.DoesNotContain(stored, content => System.Text.Encoding.UTF8.GetString(BlazorConsole.Pipeline.Queue.StoredBody.Decompress(content)).Contains(created.ApiTriggerKey, StringComparison.Ordinal));
        await AssertLoggedAsync(created.Id, "triggered", "rejected");
    }

    private async Task<Guid> ComponentAsync(string provider, object settings, string? secret = null)
    {
        var request = JsonSerializer.SerializeToElement(settings).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        request["name"] = $"{provider}-{Guid.NewGuid():N}"[..30].TrimEnd('-');
        request["application"] = "hooks";
        request["gitUrl"] = "https://example.test/repo.git";
        var created = await factory.CreateComponentAsync(request);
        if (secret is not null)
        {
            await factory.SetWebhookSecretAsync(created.Id, secret);
        }

        return created.Id;
    }

    private static RecordedDelivery Load(string provider, string name)
    {
        var delivery = RecordedDelivery.Load(provider, name);
        return provider == "gitee" ? delivery.FreshGiteeTimestamp(DateTimeOffset.UtcNow) : delivery;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Guid component, RecordedDelivery delivery, bool setSecret = true)
    {
        if (setSecret)
        {
            await factory.SetWebhookSecretAsync(component, delivery.Secret);
        }

        using var client = factory.CreateSocketClient();
        var response = await client.SendAsync(delivery.ToRequest(component));
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static void AssertSkipped((HttpStatusCode Status, JsonElement Body) response, string reason)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("skipped", response.Body.GetProperty("decision").GetString());
        Assert.Equal(reason, response.Body.GetProperty("reason").GetString());
    }

    /// <summary>The delivery log (newest first) shows these decisions, each with a delivery id and a reason where it did not build.</summary>
    private async Task AssertLoggedAsync(Guid component, params string[] newestFirst)
    {
        var log = await GetJsonAsync($"/api/v1/components/{component}/deliveries");
        var decisions = log.EnumerateArray().Select(d => d.GetProperty("decision").GetString()).ToList();
        Assert.Equal(newestFirst, decisions.Take(newestFirst.Length));
        Assert.All(log.EnumerateArray().Where(d => d.GetProperty("decision").GetString() is "skipped" or "rejected"),
            d => Assert.False(string.IsNullOrEmpty(d.GetProperty("reason").GetString())));
    }
}
