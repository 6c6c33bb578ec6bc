using System.Net;
using System.Net.Http.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using RecordedDelivery = BlazorConsole.IntegrationTests.Infrastructure.RecordedDelivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Webhooks;

namespace BlazorConsole.IntegrationTests.Components;

public class ComponentApiTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    [Fact]
    public async Task Creation_returns_the_hook_url_secret_and_key_once_and_reading_never_shows_them_again()
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "shop-api",
            application = "shop",
            gitUrl = "https://git.example.test/shop/api.git",
            branch = "main",
            gitUsername = "deployer",
            gitPassword = "hunter2-very-secret",
            environment = "Production",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("id").GetString();
        Assert.EndsWith($"/console/webhooks/{id}", body.GetProperty("webhookUrl").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("bck_", body.GetProperty("apiTriggerKey").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("webhookSecret").GetString()!.Length >= 32);
        Assert.True(body.GetProperty("requireApproval").GetBoolean(), "Production defaults to approval.");
        Assert.Equal("@deploy", body.GetProperty("triggerKeyword").GetString());

        var read = await (await api.GetAsync($"/api/v1/components/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("webhookSecret", read, StringComparison.Ordinal);
        Assert.DoesNotContain("apiTriggerKey", read, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", read, StringComparison.Ordinal);
        Assert.Contains("\"hasGitPassword\":true", read, StringComparison.Ordinal);

        // At rest: no plain password, secret or key anywhere in the database files.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(factory.DataDir, "console.db*").SelectMany(File.ReadAllBytes).ToArray();
        foreach (var secret in new[] { "hunter2-very-secret", body.GetProperty("webhookSecret").GetString()!, body.GetProperty("apiTriggerKey").GetString()! })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)));
        }
    }

    [Fact]
    public async Task Creating_with_build_now_queues_the_first_build_or_says_why_not()
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var production = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "first-build-" + Guid.NewGuid().ToString("N")[..6],
            application = "shop",
            gitUrl = "https://git.example.test/shop/first.git",
            branch = "main",
            environment = "Production",
            buildNow = true,
        });
        Assert.Equal(HttpStatusCode.Created, production.StatusCode);
        var body = await production.ReadJsonAsync();
        var buildId = body.GetProperty("firstBuildId").GetInt64();
        var build = await (await api.GetAsync($"/api/v1/builds/{buildId}")).ReadJsonAsync();
        Assert.Equal("AwaitingApproval", build.GetProperty("status").GetString());
        Assert.Equal("refs/heads/main", build.GetProperty("ref").GetString());

        // A tag family has no one ref to build: the component exists, the first build says why it was not queued.
        var tags = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "first-tags-" + Guid.NewGuid().ToString("N")[..6],
            application = "shop",
            gitUrl = "https://git.example.test/shop/tags.git",
            refPattern = "refs/tags/v*",
            buildNow = true,
        });
        Assert.Equal(HttpStatusCode.Created, tags.StatusCode);
        var tagsBody = await tags.ReadJsonAsync();
        Assert.False(tagsBody.TryGetProperty("firstBuildId", out _));
        Assert.Contains("pattern", tagsBody.GetProperty("firstBuildProblem").GetString(), StringComparison.Ordinal);
        var tagsId = tagsBody.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/components/{tagsId}")).StatusCode);

        // Without buildNow nothing is queued.
        var quiet = await api.PostAsJsonAsync("/api/v1/teams/default/components", new
        {
            name = "no-build-" + Guid.NewGuid().ToString("N")[..6],
            application = "shop",
            gitUrl = "https://git.example.test/shop/quiet.git",
            branch = "main",
        });
        var quietBody = await quiet.ReadJsonAsync();
        Assert.False(quietBody.TryGetProperty("firstBuildId", out _));
        var quietBuilds = await (await api.GetAsync($"/api/v1/components/{quietBody.GetProperty("id").GetString()}/builds")).ReadJsonAsync();
        Assert.Equal(0, quietBuilds.GetArrayLength());
    }

    [Fact]
    public async Task The_team_component_list_pages_with_a_total_and_a_next_link()
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var team = "paged-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/teams", new { name = team })).StatusCode);
        foreach (var name in new[] { "c-one", "a-two", "b-three" })
        {
            var created = await api.PostAsJsonAsync($"/api/v1/teams/{team}/components", new { name, application = "apps", gitUrl = "https://git.example.test/x.git", branch = "main" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var first = await api.GetAsync($"/api/v1/teams/{team}/components?perPage=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(new string?[] { "a-two", "b-three" }, (await first.ReadJsonAsync()).EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("3", first.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal($"</api/v1/teams/{team}/components?page=2&perPage=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());

        var second = await api.GetAsync($"/api/v1/teams/{team}/components?page=2&perPage=2");
        Assert.Equal(new string?[] { "c-one" }, (await second.ReadJsonAsync()).EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.False(second.Headers.Contains("Link"));

        var beyond = await api.GetAsync($"/api/v1/teams/{team}/components?page=9&perPage=2");
        Assert.Equal(0, (await beyond.ReadJsonAsync()).GetArrayLength());
        Assert.Equal("3", beyond.Headers.GetValues("X-Total-Count").Single());

        // Without paging parameters: the first page of the default size, which holds a small team whole.
        var all = await api.GetAsync($"/api/v1/teams/{team}/components");
        Assert.Equal(3, (await all.ReadJsonAsync()).GetArrayLength());
        Assert.False(all.Headers.Contains("Link"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/teams/no-such-team/components")).StatusCode);
    }

    [Theory]
    [InlineData("name", "Shop API", "lower-case")]
    [InlineData("gitUrl", "https://user:pass@git.example.test/x.git", "own fields")]
    [InlineData("gitUrl", "ftp://git.example.test/x.git", "https://")]
    [InlineData("refPattern", "release/*", "refs/")]
    [InlineData("branch", "refs/heads/main", "plain branch name")]
    public async Task Bad_component_input_is_refused_with_a_reason_and_nothing_is_created(string field, string value, string reasonFragment)
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var request = new Dictionary<string, object?> { ["name"] = "valid-" + Guid.NewGuid().ToString("N")[..6], ["application"] = "apps", ["gitUrl"] = "https://git.example.test/x.git", ["branch"] = "main" };
        request[field] = value;
        var before = await factory.WithDbAsync(db => db.Components.CountAsync());

        var response = await api.PostAsJsonAsync("/api/v1/teams/default/components", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reasonFragment, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Components.CountAsync()));
    }

    [Fact]
    public async Task Rotating_the_secret_and_key_locks_out_the_old_ones_at_once()
    {
        var component = await factory.CreateComponentAsync(new { name = "rotate-" + Guid.NewGuid().ToString("N")[..6], application = "apps", gitUrl = "https://git.example.test/x.git", branch = "master", triggerKeyword = "" });
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        using var provider = factory.CreateSocketClient();

        var rotated = await (await api.PatchAsJsonAsync($"/api/v1/components/{component.Id}/build-source", new { rotateWebhookSecret = true, rotateApiTriggerKey = true })).ReadJsonAsync();
        var newSecret = rotated.GetProperty("webhookSecret").GetString()!;
        var newKey = rotated.GetProperty("apiTriggerKey").GetString()!;
        Assert.NotEqual(component.WebhookSecret, newSecret);

        HttpRequestMessage SignedPush(string secret)
        {
            var delivery = RecordedDelivery.Load("github", "push").WithNewDeliveryId();
            delivery.Headers["X-Hub-Signature-256"] = "sha256=" + BlazorConsole.Git.Webhooks.WebhookSignatures.HexHmacSha256(delivery.Body, secret);
            return delivery.ToRequest(component.Id);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await provider.SendAsync(SignedPush(component.WebhookSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await provider.SendAsync(SignedPush(newSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await provider.PostAsJsonAsync($"/console/custom/deploy/{component.Id}", new { secret_key = component.ApiTriggerKey })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await provider.PostAsJsonAsync($"/console/custom/deploy/{component.Id}", new { secret_key = newKey })).StatusCode);

        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "build-source-changed").Select(e => e.Detail).ToListAsync());
        Assert.Contains(audit, detail => detail!.Contains("webhook secret rotated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_switched_off_webhook_applies_to_the_very_next_delivery()
    {
        var component = await factory.CreateComponentAsync(new { name = "switch-" + Guid.NewGuid().ToString("N")[..6], application = "apps", gitUrl = "https://git.example.test/x.git", branch = "master", triggerKeyword = "" });
        await factory.SetWebhookSecretAsync(component.Id, "topsecret");
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        using var provider = factory.CreateSocketClient();
        Assert.Equal(HttpStatusCode.Accepted, (await provider.SendAsync(RecordedDelivery.Load("github", "push").WithNewDeliveryId().ToRequest(component.Id))).StatusCode);

        await api.PatchAsJsonAsync($"/api/v1/components/{component.Id}/build-source", new { webhookEnabled = false });
        var response = await provider.SendAsync(RecordedDelivery.Load("github", "push").WithNewDeliveryId().ToRequest(component.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("webhook-disabled", (await response.ReadJsonAsync()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Retention_keeps_the_newest_deliveries_per_component_and_drops_old_ones()
    {
        var component = await factory.CreateComponentAsync(new { name = "retain-" + Guid.NewGuid().ToString("N")[..6], application = "apps", gitUrl = "https://git.example.test/x.git", branch = "other", triggerKeyword = "" });
        await factory.SetWebhookSecretAsync(component.Id, "topsecret");
        using var provider = factory.CreateSocketClient();
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(RecordedDelivery.Load("github", "push").WithNewDeliveryId().ToRequest(component.Id))).StatusCode);
        }

        var newest = await factory.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.ComponentId == component.Id).OrderByDescending(d => d.Id).Select(d => d.Id).Take(10).ToListAsync());
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;
        var keep = options.KeepPerComponent;
        options.KeepPerComponent = 10;
        try
        {
            var removed = await factory.Services.GetRequiredService<DeliveryRetention>().SweepAsync(CancellationToken.None);
            Assert.True(removed >= 5);
        }
        finally
        {
            options.KeepPerComponent = keep;
        }

        var left = await factory.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.ComponentId == component.Id).OrderByDescending(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(newest, left);
        Assert.Equal(0, await factory.WithDbAsync(db => db.WebhookDeliveryBodies.CountAsync(b => !db.WebhookDeliveries.Any(d => d.Id == b.DeliveryId))));
    }
}
