using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>Repositories over authenticated smart HTTP, components that build them, and waits on build states.</summary>
/// <param name="server">Null for tests whose repositories are not served over smart HTTP (SSH builds).</param>
public sealed class BuildTestSupport(KestrelConsoleFactory factory, GitSmartHttpServer? server, string reposRoot)
{
    public const string GitUser = "builder";
    public const string GitPassword = "s3cret-Git-Pa55/for-builds";

    public static readonly string[] Finished = ["Succeeded", "Failed", "Canceled", "Superseded", "Interrupted"];

    public (GitTestRepository Repo, string Sha) Push(params (string Path, string Content)[] files)
    {
        var repo = GitTestRepository.Create(reposRoot, "app-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (path, content) in files)
        {
            repo.WriteFile(path, content);
        }

        return (repo, repo.CommitAndPush("Deploy the app"));
    }

    public Task<CreatedComponent> ComponentAsync(GitTestRepository repo, bool requireApproval = false) =>
        factory.CreateComponentAsync(new
        {
            name = "c" + Guid.NewGuid().ToString("N")[..10],
            application = "builds",
            gitUrl = (server ?? throw new InvalidOperationException("This fixture serves no repository over smart HTTP.")).UrlFor(repo.Name),
            branch = "main",
            triggerKeyword = "",
            gitUsername = GitUser,
            gitPassword = GitPassword,
            requireApproval,
        });

    public async Task<long> ManualBuildAsync(Guid componentId, string? token = null)
    {
        using var client = factory.CreateApiClient(token ?? ConsoleFactory.AdminToken);
        var response = await client.PostAsJsonAsync($"/api/v1/components/{componentId}/builds", new { });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"manual build answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("buildId").GetInt64();
    }

    /// <summary>A GitHub push of <paramref name="sha"/> to main (the recorded delivery with this repository's commit), signed.</summary>
    public async Task<JsonElement> PushWebhookAsync(CreatedComponent component, string sha)
    {
        var json = JsonNode.Parse(ProviderFixtures.Bytes("go-scm/github/push.json"))!;
        json["ref"] = "refs/heads/main";
        json["after"] = sha;
        json["head_commit"]!["id"] = sha;
        json["head_commit"]!["message"] = "Deploy the app";
        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        using var client = factory.CreateSocketClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/webhooks/{component.Id}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("User-Agent", "GitHub-Hookshot/044aadd");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + WebhookSignatures.HexHmacSha256(body, component.WebhookSecret));
        var response = await client.SendAsync(request);
        var answer = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"webhook answered {(int)response.StatusCode}: {answer}");
        return answer;
    }

    public async Task<JsonElement> BuildAsync(long buildId)
    {
        using var client = factory.CreateApiClient(ConsoleFactory.AdminToken);
        var response = await client.GetAsync($"/api/v1/builds/{buildId}");
        return await response.ReadJsonAsync();
    }

    public async Task<string> LogAsync(long buildId, long from = 1)
    {
        using var client = factory.CreateApiClient(ConsoleFactory.AdminToken);
        return await client.GetStringAsync($"/api/v1/builds/{buildId}/log?from={from}");
    }

    /// <summary>A browser-like client signed in as the bootstrap admin (cookie), for pages.</summary>
    public async Task<HttpClient> AdminBrowserAsync()
    {
        var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = factory.BaseAddress };
        await ConsoleFactory.SignInAsync(browser, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);
        return browser;
    }

    public static string Status(JsonElement build) => build.GetProperty("status").GetString()!;

    /// <summary>Waits until the build's status is one of <paramref name="statuses"/> (default: any finished state).</summary>
    public async Task<JsonElement> WaitForStatusAsync(long buildId, string[]? statuses = null, int seconds = 120)
    {
        statuses ??= Finished;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement build = default;
        while (DateTime.UtcNow < deadline)
        {
            build = await BuildAsync(buildId);
            if (statuses.Contains(Status(build)))
            {
                return build;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"build {buildId} never reached {string.Join("/", statuses)}: {build}\n{await LogAsync(buildId)}");
    }

    /// <summary>Waits for a log line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    public async Task<string> WaitForLogValueAsync(long buildId, string prefix, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var line = (await LogAsync(buildId)).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[prefix.Length..];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{prefix}' never appeared in the log of build {buildId}:\n{await LogAsync(buildId)}");
    }

    /// <summary>Running (a zombie waiting to be reaped counts as gone).</summary>
    /// <summary>
    /// The host pid of a process a sandboxed build printed as <c>$!</c> (its PID namespace's number): the process whose
    /// NSpid ends with it and that runs <c>sleep</c>; the number itself when the build ran unsandboxed.
    /// </summary>
    public static int HostPid(int printed)
    {
        // The shell prints $! right after the fork: the child may not have exec'd sleep yet (a loaded machine), so it is
        // looked for until it shows up rather than once.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (FindSleeper(printed) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                return printed;
            }

            Thread.Sleep(50);
        }
    }

    private static int? FindSleeper(int printed)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var nspid = File.ReadLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
                var fields = nspid?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (fields is { Length: >= 3 } && fields[^1] == printed.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).StartsWith("sleep", StringComparison.Ordinal))
                {
                    return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
        }

        return null;
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task WaitUntilGoneAsync(int pid, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(IsAlive(pid), $"process {pid} is still running");
    }

    /// <summary>
    /// Waits until the host's build workers have started, which they do only after recovering the builds a previous
    /// console left Running: reading the builds before that races the recovery.
    /// </summary>
    public static async Task WaitForWorkersAsync(ConsoleFactory factory, int seconds = 60)
    {
        var readiness = factory.Services.GetRequiredService<BlazorConsole.Web.Features.Health.ConsoleReadiness>();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!readiness.WorkersReady && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(readiness.WorkersReady, $"the build workers did not start within {seconds} s");
    }

    /// <summary>A Node build that starts a long-running grandchild and prints its pid (cancel and restart tests).</summary>
    public static (string, string) SlowPackageJson => ("package.json",
        """{ "name": "slow", "version": "1.0.0", "scripts": { "build": "sh -c 'sleep 300 & echo child-pid=$!; wait'" } }""");

    public static (string, string) StaticSite => ("index.html", "<h1>hello from a static site</h1>");
}
