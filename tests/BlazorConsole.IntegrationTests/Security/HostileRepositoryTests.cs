using System.Globalization;
using System.Net;
using BlazorConsole.IntegrationTests.Builds;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.Releases;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Security;

/// <summary>
/// A team's repository that attacks the console from its build script and from its start command: the key ring, the
/// database, the mirrors, another component's artifact, other processes' environments, signals to the console, writes
/// into the data directory. Each attack prints a marker only when it works. With the sandbox on, none does; with
/// <c>Builds:Sandbox=none</c> the same repository succeeds (so the probe can tell).
/// </summary>
public abstract class HostileRepositoryTests : IAsyncLifetime
{
    private readonly string reposRoot = TestDirectories.CreateTraversable("bc-hostile-repos-").FullName;
    private readonly HostileConsoleFactory console;

    protected ConsoleFactory Console => console;
    private GitSmartHttpServer server = null!;
    private BuildTestSupport support = null!;

    protected HostileRepositoryTests(string sandbox) => console = new HostileConsoleFactory(sandbox);

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);
        await console.InitializeAsync();
        support = new BuildTestSupport(console, server, reposRoot);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)console).DisposeAsync();
        await server.DisposeAsync();
        try
        {
            Directory.Delete(reposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Deploys a victim site, then builds and deploys the hostile repository; returns what its probes printed.</summary>
    protected async Task<HostileRun> RunHostileRepositoryAsync()
    {
        using var client = console.CreateSocketClient();
        var (victimRepo, victimSha) = support.Push(("index.html", "<h1>victim-original</h1>"));
        var victim = await support.ComponentAsync(victimRepo);
        var victimBuild = (await support.PushWebhookAsync(victim, victimSha)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(victimBuild)));
        var victimHost = await HostOfAsync(victim.Id);
        await WaitForContentAsync(client, victimHost, "victim-original");

        var probe = Probe(console.DataDir, Environment.ProcessId);
        var (repo, sha) = support.Push(
            ("probe.sh", probe),
            ("package.json", """{ "name": "hostile", "version": "1.0.0", "scripts": { "build": "sh ./probe.sh", "start": "sh ./probe.sh > \"$HOME/probe.txt\" 2>&1; node server.js" } }"""),
            ("server.js", """
                const fs = require('fs');
                require('http').createServer((req, res) => res.end(fs.readFileSync(process.env.HOME + '/probe.txt', 'utf8')))
                  .listen(Number(process.env.PORT), '127.0.0.1');
                """));
        var hostile = await support.ComponentAsync(repo);
        var build = (await support.PushWebhookAsync(hostile, sha)).GetProperty("buildId").GetInt64();
        var finished = await support.WaitForStatusAsync(build);
        var buildLog = await support.LogAsync(build);
        Assert.True(Status(finished) == "Succeeded", "the hostile build itself succeeds (its probes fail quietly):\n" + buildLog);
        var startLog = await WaitForContentAsync(client, await HostOfAsync(hostile.Id), "PROBE-DONE");
        var (victimStatus, victimBody) = await console.GetAppAsync(client, victimHost);
        using var api = console.CreateApiClient(ConsoleFactory.AdminToken);
        var health = await api.GetAsync("/healthz");
        using var browser = await support.AdminBrowserAsync();
        var dashboard = await browser.GetStringAsync("/");
        return new HostileRun(buildLog, startLog, victimStatus, victimBody, health.StatusCode, dashboard);
    }

    /// <summary>
    /// Deploys a static site whose files are symbolic links to the console's key ring, its database and the whole data
    /// directory (committed as links, as a hostile repository would); returns what each link's URL answered.
    /// </summary>
    protected async Task<(string Index, IReadOnlyList<(string Path, HttpStatusCode Status, string Body)> Links)> RunStaticSiteWithLinksAsync()
    {
        using var client = console.CreateSocketClient();
        var keyFile = Directory.GetFiles(Path.Combine(console.DataDir, "keys"), "*.xml").First();
        var repo = GitTestRepository.Create(reposRoot, "links-" + Guid.NewGuid().ToString("N")[..8]);
        repo.WriteFile("index.html", "<h1>links-site</h1>");
        File.CreateSymbolicLink(Path.Combine(repo.WorkPath, "key.xml"), keyFile);
        File.CreateSymbolicLink(Path.Combine(repo.WorkPath, "database"), Path.Combine(console.DataDir, "console.db"));
        File.CreateSymbolicLink(Path.Combine(repo.WorkPath, "data"), console.DataDir);
        var sha = repo.CommitAndPush("A site of links");
        var site = await support.ComponentAsync(repo);
        var build = (await support.PushWebhookAsync(site, sha)).GetProperty("buildId").GetInt64();
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(build)));
        var host = await HostOfAsync(site.Id);
        var index = await WaitForContentAsync(client, host, "links-site");
        var links = new List<(string, HttpStatusCode, string)>();
        foreach (var path in new[] { "/key.xml", "/database", "/data/console.db", "/data/keys/" + Path.GetFileName(keyFile), "/%2e%2e/%2e%2e/console.db" })
        {
            var (status, body) = await console.GetAppAsync(client, host, path);
            links.Add((path, status, body));
        }

        return (index, links);
    }

    private static bool IsSecret(string body) => body.Contains("<key", StringComparison.Ordinal) || body.Contains("SQLite format", StringComparison.Ordinal);

    protected static void AssertNothingLeaked(IReadOnlyList<(string Path, HttpStatusCode Status, string Body)> links)
    {
        foreach (var (path, status, body) in links)
        {
            Assert.False(IsSecret(body), $"{path} served the console's data: {body[..Math.Min(body.Length, 200)]}");
            Assert.Equal(HttpStatusCode.NotFound, status);
        }
    }

    protected static void AssertLeaked(IReadOnlyList<(string Path, HttpStatusCode Status, string Body)> links, string path) =>
        Assert.True(IsSecret(links.Single(l => l.Path == path).Body), $"{path} reaches the console's data without the sandbox");

    protected sealed record HostileRun(string BuildLog, string StartLog, HttpStatusCode VictimStatus, string VictimBody, HttpStatusCode ConsoleHealth,
        string AdminDashboard);

    /// <summary>
    /// Each line tries one attack and prints ATTACK-&lt;name&gt; only when it worked (a write into the data directory is
    /// checked from outside: inside the sandbox that path may be a private skeleton directory); the console's data directory and pid
    /// are written into the script, as an attacker who read them off the build log or guessed them would have them.
    /// </summary>
    internal static string Probe(string dataDir, int consolePid) => $$"""
        DATA='{{dataDir}}'
        CONSOLE_PID={{consolePid.ToString(CultureInfo.InvariantCulture)}}
        echo "probe runs as $(id -u)"
        cat "$DATA"/keys/*.xml 2>/dev/null | grep -q '<key' && echo ATTACK-KEYRING
        head -c 16 "$DATA/console.db" 2>/dev/null | grep -q 'SQLite' && echo ATTACK-DATABASE
        ls "$DATA/mirrors" 2>/dev/null | grep -q . && echo ATTACK-MIRRORS
        ls "$DATA/logs/builds" 2>/dev/null | grep -q . && echo ATTACK-LOGS
        for f in "$DATA"/artifacts/*/*/index.html; do [ -f "$f" ] && echo '<h1>defaced</h1>' > "$f" 2>/dev/null && echo ATTACK-DEFACE; done
        touch "$DATA/pwned" 2>/dev/null
        kill -0 "$CONSOLE_PID" 2>/dev/null && echo ATTACK-SIGNAL-CONSOLE
        for e in /proc/[0-9]*/environ; do
          tr '\0' '\n' < "$e" 2>/dev/null | grep '^BLAZORCONSOLE_RELEASE_ID=' | grep -qv "^BLAZORCONSOLE_RELEASE_ID=${BLAZORCONSOLE_RELEASE_ID:-none}$" && { echo ATTACK-OTHER-ENVIRON; break; }
        done
        for c in /proc/[0-9]*/cmdline; do
          tr '\0' ' ' < "$c" 2>/dev/null | grep -q 'testhost\|BlazorConsole' && { echo ATTACK-SEES-CONSOLE; break; }
        done
        echo PROBE-DONE
        """;

    private async Task<string> HostOfAsync(Guid componentId)
    {
        var created = await console.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Components, c => c.Id == componentId));
        return $"{created.Name}.apps.localhost";
    }

    private Task<string> WaitForContentAsync(HttpClient client, string host, string expected) => console.WaitForAppContentAsync(client, host, expected);

    private sealed class HostileConsoleFactory(string sandbox) : DeployConsoleFactory
    {
        // The attacks target the data directory, where the embedded SQLite database lives.
        public override BlazorConsole.Data.DatabaseProvider Database => BlazorConsole.Data.DatabaseProvider.Sqlite;

        protected override bool RunBuildWorkers => true;

        protected override bool DeployAfterBuild => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Builds:PollMilliseconds", "500");
            builder.UseSetting("Builds:Sandbox", sandbox);
            builder.UseSetting("Runtime:HealthCheckTimeoutSeconds", "30");
        }
    }
}

public sealed class HostileRepositoryInTheSandboxTests() : HostileRepositoryTests("bubblewrap")
{
    [Fact]
    public async Task No_attack_of_the_build_script_or_the_start_command_works_and_the_other_app_still_serves_its_page()
    {
        var run = await RunHostileRepositoryAsync();

        Assert.Contains("PROBE-DONE", run.BuildLog, StringComparison.Ordinal);
        Assert.Contains("probe runs as 10001", run.BuildLog, StringComparison.Ordinal);
        Assert.DoesNotContain("ATTACK-", run.BuildLog, StringComparison.Ordinal);
        Assert.Contains("probe runs as 10001", run.StartLog, StringComparison.Ordinal);
        Assert.DoesNotContain("ATTACK-", run.StartLog, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, run.VictimStatus);
        Assert.Contains("victim-original", run.VictimBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, run.ConsoleHealth);
        Assert.False(File.Exists(Path.Combine(Console.DataDir, "pwned")), "nothing was written into the real data directory");
        Assert.DoesNotContain("sandbox-off-warning", run.AdminDashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_static_site_of_links_to_the_key_ring_and_the_database_serves_its_page_and_none_of_them()
    {
        var (index, links) = await RunStaticSiteWithLinksAsync();

        Assert.Contains("links-site", index, StringComparison.Ordinal);
        AssertNothingLeaked(links);
    }
}

/// <summary>The same repository without the sandbox: the probes report their attacks, so the test above can fail.</summary>
public sealed class HostileRepositoryWithoutSandboxTests() : HostileRepositoryTests("none")
{
    [Fact]
    public async Task Without_the_sandbox_the_same_probes_reach_the_key_ring_the_database_and_the_console()
    {
        var run = await RunHostileRepositoryAsync();

        foreach (var marker in new[] { "ATTACK-KEYRING", "ATTACK-DATABASE", "ATTACK-MIRRORS", "ATTACK-DEFACE", "ATTACK-SIGNAL-CONSOLE", "ATTACK-SEES-CONSOLE" })
        {
            Assert.Contains(marker, run.BuildLog, StringComparison.Ordinal);
        }

        Assert.Contains("ATTACK-OTHER-ENVIRON", run.StartLog, StringComparison.Ordinal);
        Assert.Contains("defaced", run.VictimBody, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Console.DataDir, "pwned")));
        // Platform admins are told, on every visit to the dashboard.
        Assert.Contains("sandbox-off-warning", run.AdminDashboard, StringComparison.Ordinal);
        Assert.Contains("run without a sandbox", run.AdminDashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_sandbox_a_static_site_of_links_serves_the_key_ring_and_the_database()
    {
        var (_, links) = await RunStaticSiteWithLinksAsync();

        AssertLeaked(links, "/key.xml");
        AssertLeaked(links, "/database");
        AssertLeaked(links, "/data/console.db");
    }
}

/// <summary>A build that grows past its memory or process limit fails with the reason in words; the console is unaffected.</summary>
public sealed class BuildLimitTests : IAsyncLifetime
{
    private readonly string reposRoot = TestDirectories.CreateTraversable("bc-limit-repos-").FullName;
    private readonly LimitedConsoleFactory console = new();
    private GitSmartHttpServer server = null!;
    private BuildTestSupport support = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(reposRoot, GitUser, GitPassword);
        await console.InitializeAsync();
        support = new BuildTestSupport(console, server, reposRoot);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)console).DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_build_that_allocates_past_its_memory_limit_fails_saying_it_ran_out_of_memory()
    {
        var reason = await FailedBuildReasonAsync("""node -e \"const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))\" """);

        Assert.Contains("ran out of memory (limit 192 MiB)", reason, StringComparison.Ordinal);
        await AssertConsoleHealthyAsync();
    }

    [Fact]
    public async Task A_build_that_forks_past_its_process_limit_fails_saying_it_reached_the_limit()
    {
        var reason = await FailedBuildReasonAsync("sh -c 'i=0; while [ $i -lt 400 ]; do sleep 20 & i=$((i+1)); done; wait'");

        Assert.Contains("reached its limit of 64 processes", reason, StringComparison.Ordinal);
        await AssertConsoleHealthyAsync();
    }

    private async Task<string> FailedBuildReasonAsync(string buildScript)
    {
        var (repo, sha) = support.Push(("package.json", $$"""{ "name": "greedy", "version": "1.0.0", "scripts": { "build": "{{buildScript}}" } }"""));
        var component = await support.ComponentAsync(repo);
        var build = (await support.PushWebhookAsync(component, sha)).GetProperty("buildId").GetInt64();
        var finished = await support.WaitForStatusAsync(build);
        Assert.True(Status(finished) == "Failed", await support.LogAsync(build));
        return finished.GetProperty("statusDetail").GetString() ?? "";
    }

    private async Task AssertConsoleHealthyAsync()
    {
        using var api = console.CreateApiClient(ConsoleFactory.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/healthz")).StatusCode);
    }

    private sealed class LimitedConsoleFactory : KestrelConsoleFactory
    {
        protected override bool RunBuildWorkers => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Builds:PollMilliseconds", "500");
            builder.UseSetting("Builds:MemoryLimitMb", "192");
            builder.UseSetting("Builds:MaxProcesses", "64");
        }
    }
}
