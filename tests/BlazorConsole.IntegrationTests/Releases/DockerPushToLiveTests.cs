using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.Security;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Xunit;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// The Docker path end to end, on a real dockerd: a signed push to a repository with a Dockerfile is built by the
/// workers through the Engine API (its steps in the live log), released as a hardened container and served at its host
/// on the console's port; the next push replaces it. The hostile probe of "Isolation", run as a container, finds nothing.
/// </summary>
public sealed class DockerPushToLiveTests : IAsyncLifetime
{
    private readonly string reposRoot = TestDirectories.CreateTraversable("bc-docker-repos-").FullName;
    private readonly DockerLiveConsoleFactory console = new();
    private GitSmartHttpServer server = null!;
    private BuildTestSupport support = null!;
    private readonly List<Guid> components = [];

    public async Task InitializeAsync()
    {
        if (TestDocker.UnavailableReason is not null)
        {
            return;
        }

        server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);
        await console.InitializeAsync();
        support = new BuildTestSupport(console, server, reposRoot);
    }

    public async Task DisposeAsync()
    {
        if (TestDocker.UnavailableReason is not null)
        {
            return;
        }

        // This console removes its containers when it stops; the images its builds kept (rollback targets) are removed here.
        await ((IAsyncLifetime)console).DisposeAsync();
        foreach (var component in components)
        {
            foreach (var image in TestImages.Docker("images", "-q", "--filter", $"label=blazorconsole.component={component:N}").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
            {
                TestImages.Docker("rmi", "-f", image);
            }
        }

        await server.DisposeAsync();
        try
        {
            Directory.Delete(reposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [SkippableFact]
    public async Task A_push_to_a_Dockerfile_repository_builds_the_image_serves_the_container_and_the_next_push_replaces_it()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var repo = GitTestRepository.Create(reposRoot, "docker-" + Guid.NewGuid().ToString("N")[..8]);
        TestDocker.WriteBusyboxSite(repo.WorkPath, "<h1>container v1</h1>");
        var first = repo.CommitAndPush("A Dockerfile site");
        var component = await support.ComponentAsync(repo);
        components.Add(component.Id);
        var host = await HostOfAsync(component.Id);
        using var client = console.CreateSocketClient();

        var build1 = (await support.PushWebhookAsync(component, first)).GetProperty("buildId").GetInt64();
        var finished = await support.WaitForStatusAsync(build1);
        var log = await support.LogAsync(build1);
        Assert.True(Status(finished) == "Succeeded", "the Dockerfile build succeeds:\n" + log);
        Assert.Contains("Step 1/", log, StringComparison.Ordinal);
        Assert.Contains("COPY www /www", log, StringComparison.Ordinal);
        Assert.Contains("container v1", await WaitForContentAsync(client, host, "container v1"), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(repo.WorkPath, "www", "index.html"), "<h1>container v2</h1>");
        var second = repo.CommitAndPush("Second version");
        var build2 = (await support.PushWebhookAsync(component, second)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(build2)));
        Assert.Contains("container v2", await WaitForContentAsync(client, host, "container v2"), StringComparison.Ordinal);
        var deployStatus = "";
        for (var i = 0; i < 150 && deployStatus != "Deployed"; i++)
        {
            await Task.Delay(100);
            deployStatus = (await support.BuildAsync(build2)).GetProperty("deployStatus").GetString() ?? "";
        }

        Assert.Equal("Deployed", deployStatus);
    }

    [SkippableFact]
    public async Task The_hostile_probe_as_a_Dockerfile_build_and_container_reaches_nothing_of_the_console()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        using var client = console.CreateSocketClient();
        var (victimRepo, victimSha) = support.Push(("index.html", "<h1>victim-original</h1>"));
        var victim = await support.ComponentAsync(victimRepo);
        components.Add(victim.Id);
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync((await support.PushWebhookAsync(victim, victimSha)).GetProperty("buildId").GetInt64())));
        var victimHost = await HostOfAsync(victim.Id);
        await WaitForContentAsync(client, victimHost, "victim-original");

        var repo = GitTestRepository.Create(reposRoot, "hostile-" + Guid.NewGuid().ToString("N")[..8]);
        File.Copy(TestDocker.Busybox, Path.Combine(repo.WorkPath, "busybox"));
        repo.WriteFile("probe.sh", HostileRepositoryTests.Probe(console.DataDir, Environment.ProcessId));
        repo.WriteFile("Dockerfile", """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY probe.sh /probe.sh
            RUN ["/bin/sh", "/probe.sh"]
            EXPOSE 8080
            CMD ["/bin/sh", "-c", "mkdir -p /tmp/www && sh /probe.sh > /tmp/www/index.html 2>&1; exec httpd -f -p 8080 -h /tmp/www"]
            """);
        var sha = repo.CommitAndPush("A hostile Dockerfile");
        var hostile = await support.ComponentAsync(repo);
        components.Add(hostile.Id);
        var build = (await support.PushWebhookAsync(hostile, sha)).GetProperty("buildId").GetInt64();
        var finished = await support.WaitForStatusAsync(build);
        var buildLog = await support.LogAsync(build);
        Assert.True(Status(finished) == "Succeeded", "the hostile build itself succeeds (its probes fail quietly):\n" + buildLog);
        Assert.Contains("PROBE-DONE", buildLog, StringComparison.Ordinal);
        var page = await WaitForContentAsync(client, await HostOfAsync(hostile.Id), "PROBE-DONE");

        Assert.DoesNotContain("ATTACK-", buildLog, StringComparison.Ordinal);
        Assert.DoesNotContain("ATTACK-", page, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(console.DataDir, "pwned")), "the container wrote into the console's data directory");
        var (_, victimBody) = await console.GetAppAsync(client, victimHost);
        Assert.Contains("victim-original", victimBody, StringComparison.Ordinal);
    }

    private async Task<string> HostOfAsync(Guid componentId)
    {
        var created = await console.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Components, c => c.Id == componentId));
        return $"{created.Name}.apps.localhost";
    }

    private Task<string> WaitForContentAsync(HttpClient client, string host, string expected) => console.WaitForAppContentAsync(client, host, expected);

    /// <summary>Workers on, deploy after build on, the test's Docker engine.</summary>
    private sealed class DockerLiveConsoleFactory : DeployConsoleFactory
    {
        protected override bool RunBuildWorkers => true;

        protected override bool DeployAfterBuild => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Builds:PollMilliseconds", "500");
            builder.UseSetting("Docker:Endpoint", TestDocker.Endpoint ?? "unix:///nonexistent/docker.sock");
            builder.UseSetting("Docker:KeepContainersOnShutdown", "false"); // the test's containers go with its console
            builder.UseSetting("Runtime:HealthCheckTimeoutSeconds", "30");
        }
    }
}
