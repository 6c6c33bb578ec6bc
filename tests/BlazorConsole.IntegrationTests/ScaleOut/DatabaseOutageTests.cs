using System.Net;
using BlazorConsole.IntegrationTests.Data;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.ScaleOut;

/// <summary>
/// PostgreSQL briefly away (its connections reset, new ones refused, through <see cref="TcpLink"/>): a webhook gets 503
/// with Retry-After — never a 2xx for what was not stored — and readiness says so; once the database is back, the
/// same delivery is taken and nothing that was acknowledged is missing.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly string identity = "outage-" + Guid.NewGuid().ToString("N");
    private TcpLink link = null!;
    private ReplicaConsoleFactory replica = null!;

    public async Task InitializeAsync()
    {
        link = TcpLink.ToPostgres(TestDatabases.EnsurePostgresDatabase(TestDatabases.DatabaseNameFor(identity)));
        replica = new ReplicaConsoleFactory(identity, runWorkers: false) { DatabaseLink = link };
        await replica.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        link.Restore();
        await ((IAsyncLifetime)replica).DisposeAsync();
        await link.DisposeAsync();
        await TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(identity));
    }

    [Fact]
    public async Task A_webhook_while_the_database_is_away_gets_503_and_the_same_delivery_is_taken_once_it_is_back()
    {
        var component = await replica.CreateComponentAsync(new { name = "outage-" + Guid.NewGuid().ToString("N")[..6], application = "outage", gitUrl = "https://example.test/o.git", branch = "master", triggerKeyword = "" });
        var template = RecordedDelivery.Load("github", "push");
        await replica.SetWebhookSecretAsync(component.Id, template.Secret);
        using var client = replica.CreateSocketClient();
        using (var before = template.WithNewDeliveryId().ToRequest(component.Id))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(before)).StatusCode);
        }

        var during = RecordedDelivery.Load("github", "push").WithNewDeliveryId();
        link.Interrupt();
        try
        {
            using var request = during.ToRequest(component.Id);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("\"decision\":\"unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        }
        finally
        {
            link.Restore();
        }

        // The provider sends it again (its retry): now it is stored and builds, once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        do
        {
            using var again = during.ToRequest(component.Id);
            using var response = await client.SendAsync(again);
            status = response.StatusCode;
            if (status != HttpStatusCode.Accepted)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the delivery was still refused with {status} after the database came back");
                await Task.Delay(200);
            }
        }
        while (status != HttpStatusCode.Accepted);

        var (deliveries, builds) = await replica.WithDbAsync(async db => (
            await db.WebhookDeliveries.CountAsync(d => d.ComponentId == component.Id),
            await db.Builds.CountAsync(b => b.ComponentId == component.Id)));
        Assert.Equal(2, deliveries);
        Assert.Equal(2, builds);
    }

    [Fact]
    public async Task A_build_that_finishes_while_the_database_is_away_is_recorded_once_it_is_back()
    {
        var reposRoot = Directory.CreateTempSubdirectory("bc-outage-repos-").FullName;
        await using var git = await BlazorConsole.TestSupport.GitSmartHttpServer.StartAsync(reposRoot, Builds.BuildTestSupport.GitUser, Builds.BuildTestSupport.GitPassword);
        var builder = new ReplicaConsoleFactory(identity, runWorkers: true) { DatabaseLink = link };
        await builder.InitializeAsync();
        try
        {
            var support = new Builds.BuildTestSupport(builder, git, reposRoot);
            var (repo, _) = support.Push(("package.json", """{ "name": "outage", "version": "1.0.0", "scripts": { "build": "sh -c 'echo building; sleep 4; echo built'" } }"""));
            var component = await support.ComponentAsync(repo);
            var buildId = await support.ManualBuildAsync(component.Id);
            await support.WaitForLogValueAsync(buildId, "building");

            var logFile = Path.Combine(builder.DataDir, "logs", "builds", $"{buildId}.log");
            link.Interrupt();
            try
            {
                // The build ends (its log says so) while nothing reaches the database.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!(File.Exists(logFile) && File.ReadAllText(logFile).Contains("Build succeeded in ", StringComparison.Ordinal)))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the build did not finish during the outage:\n" + (File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log)"));
                    await Task.Delay(100);
                }

                await Task.Delay(TimeSpan.FromSeconds(2)); // its first attempts to record the outcome fail
            }
            finally
            {
                link.Restore();
            }

            Assert.Equal("Succeeded", Builds.BuildTestSupport.Status(await support.WaitForStatusAsync(buildId, seconds: 60)));
        }
        finally
        {
            await ((IAsyncLifetime)builder).DisposeAsync();
            try
            {
                Directory.Delete(reposRoot, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
