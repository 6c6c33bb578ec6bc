using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.TestSupport;

/// <summary>
/// A GitHub (Enterprise-style paths) and GitLab stand-in on a real loopback port, answering with the recorded responses
/// in ../shared/fixtures/provider-data. Its authorize endpoint approves at once and sends the browser back with a code;
/// its token endpoint checks client credentials, redirect URI and the PKCE verifier, and issues the recorded tokens.
/// <para>
/// It also hosts real repositories (<see cref="HostRepository"/>): listed first by <c>/user/repos</c> with their real
/// branches and tags, served over Git's smart HTTP at <c>{BaseUrl}{owner}/{name}.git</c> (Basic auth: any user name and a
/// valid access token, as GitHub takes it), and their pushes are delivered to the registered hooks exactly as GitHub does
/// (<see cref="PushAsync"/>: <c>X-GitHub-Event</c>, <c>X-GitHub-Delivery</c>, <c>X-Hub-Signature-256</c>, payload shaped
/// like the recorded push).
/// </para>
/// </summary>
public sealed class FakeGitProvider : IAsyncDisposable
{
    public const string ClientId = "fake-client-id";
    public const string ClientSecret = "fake-client-secret-do-not-store-in-plaintext";
    public const int RepositoryCount = 45;

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, PendingCode> codes = new();
    private readonly ConcurrentDictionary<string, bool> validAccessTokens = new();
    private readonly ConcurrentDictionary<string, bool> validRefreshTokens = new();
    private readonly JsonArray githubRepos;
    private readonly JsonArray gitlabProjects;
    private readonly ConcurrentDictionary<string, GitTestRepository> hosted = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, RegisteredHook> activeHooks = new();
    private readonly HttpClient hookSender = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private long nextHookId = 900_000_000;

    private FakeGitProvider(WebApplication app)
    {
        this.app = app;
        githubRepos = BuildGitHubRepos();
        gitlabProjects = BuildGitLabProjects();
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every PKCE verifier the token endpoint accepted.</summary>
    public ConcurrentQueue<string> AcceptedVerifiers { get; } = new();

    /// <summary>Every authorization request: its query string.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<string> ApiCalls { get; } = new();

    /// <summary>Webhooks the console registered, as the provider received them.</summary>
    public ConcurrentQueue<RegisteredHook> Hooks { get; } = new();

    /// <summary>"owner/repo#id" of webhooks the console deleted.</summary>
    public ConcurrentQueue<string> DeletedHooks { get; } = new();

    /// <summary>Commit statuses set through the GitHub API: path and JSON body.</summary>
    public ConcurrentQueue<string> CommitStatuses { get; } = new();

    private int refreshCount;

    /// <summary>How often the token endpoint was asked to refresh.</summary>
    public int RefreshCount => Volatile.Read(ref refreshCount);

    /// <summary>When set, the token endpoint refuses refresh tokens (invalid_grant).</summary>
    public bool FailRefresh { get; set; }

    /// <summary>When set, the token endpoint fails refreshes with 503, as a provider having an outage does.</summary>
    public bool RefreshUnavailable { get; set; }

    /// <summary>When set, the authorize endpoint reports access_denied instead of approving.</summary>
    public bool Deny { get; set; }

    public static string FixturesDir { get; } = ProviderFixtures.Root;

    public static byte[] Fixture(string relative) => File.ReadAllBytes(Path.Combine(FixturesDir, relative.Replace('/', Path.DirectorySeparatorChar)));

    public static string FixtureText(string relative) => Encoding.UTF8.GetString(Fixture(relative));

    public static async Task<FakeGitProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        var fake = new FakeGitProvider(web);
        fake.Map(web);
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Makes a previously issued access token fail with 401, as a revoked or expired one does.</summary>
    public void Revoke(string accessToken) => validAccessTokens.TryRemove(accessToken, out _);

    public bool IsValid(string accessToken) => validAccessTokens.ContainsKey(accessToken);

    /// <summary>The access token the fake issues for a code (the recorded one).</summary>
    public static string IssuedAccessToken(string flavour) =>
        JsonNode.Parse(Fixture(flavour == "github" ? "oauth/github.access_token.json" : "oauth/gitlab.access_token.json"))!["access_token"]!.GetValue<string>();

    /// <summary>Where hosted repositories live (bare repositories and their working copies); deleted on dispose.</summary>
    public string ReposRoot { get; } = Directory.CreateTempSubdirectory("bc-fake-provider-repos-").FullName;

    /// <summary>Git smart-HTTP requests answered for hosted repositories (authenticated).</summary>
    public ConcurrentQueue<string> GitRequests { get; } = new();

    /// <summary>
    /// A real repository the provider hosts as <paramref name="fullName"/> (<c>owner/name</c>): listed first by
    /// <c>/user/repos</c>, cloneable at <see cref="CloneUrl"/> with an access token.
    /// </summary>
    public GitTestRepository HostRepository(string fullName)
    {
        var repo = GitTestRepository.Create(ReposRoot, fullName);
        hosted[fullName] = repo;
        return repo;
    }

    public string CloneUrl(string fullName) => $"{BaseUrl}{fullName}.git";

    /// <summary>
    /// Commits <paramref name="files"/> with <paramref name="message"/>, pushes it to <c>main</c> of the hosted repository
    /// and delivers the push to every hook registered for it, like GitHub. Returns the commit and the console's answers.
    /// </summary>
    public Task<(string Sha, IReadOnlyList<HookDelivery> Deliveries)> PushAsync(string fullName, string message, params (string Path, string Content)[] files) =>
        PushToAsync(fullName, "main", message, files);

    /// <summary>As <see cref="PushAsync"/>, to <paramref name="branch"/> (the working copy's history, pushed there).</summary>
    public async Task<(string Sha, IReadOnlyList<HookDelivery> Deliveries)> PushToAsync(
        string fullName, string branch, string message, params (string Path, string Content)[] files)
    {
        var repo = hosted[fullName];
        var before = repo.BranchSha(branch) ?? new string('0', 40);
        foreach (var (path, content) in files)
        {
            repo.WriteFile(path, content);
        }

        var sha = repo.CommitAndPush(message, branch);
        return (sha, await DeliverPushAsync(fullName, before, sha, branch));
    }

    /// <summary>
    /// Sends the push event of <paramref name="before"/>..<paramref name="after"/> to the repository's hooks, each the way
    /// its provider does: GitHub signs the body (<c>X-Hub-Signature-256</c>), GitLab sends the hook's token (<c>X-Gitlab-Token</c>).
    /// </summary>
    public async Task<IReadOnlyList<HookDelivery>> DeliverPushAsync(string fullName, string before, string after, string branch)
    {
        var deliveries = new List<HookDelivery>();
        foreach (var hook in activeHooks.Values.Where(h => h.Repository.Equals(fullName, StringComparison.OrdinalIgnoreCase)).OrderBy(h => h.Id))
        {
            if (!hook.Events.Contains("push") || hook.Url is null)
            {
                continue;
            }

            var deliveryId = Guid.NewGuid().ToString();
            using var request = hook.Provider == "gitlab"
                ? GitLabPushRequest(hook, Encoding.UTF8.GetBytes(GitLabPushPayload(fullName, before, after, branch).ToJsonString()), deliveryId)
                : GitHubPushRequest(hook, Encoding.UTF8.GetBytes(PushPayload(fullName, before, after, branch).ToJsonString()), deliveryId);
            using var response = await hookSender.SendAsync(request);
            deliveries.Add(new HookDelivery(deliveryId, hook.Url, (int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        return deliveries;
    }

    private static HttpRequestMessage GitHubPushRequest(RegisteredHook hook, byte[] body, string deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url);
        var content = hook.ContentType == "form"
            ? Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(Encoding.UTF8.GetString(body)))
            : body;
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = new(hook.ContentType == "form" ? "application/x-www-form-urlencoded" : "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/044aadd");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-GitHub-Hook-ID", hook.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "repository");
        if (!string.IsNullOrEmpty(hook.Secret))
        {
            var key = Encoding.UTF8.GetBytes(hook.Secret);
#pragma warning disable CA5350 // GitHub still sends the legacy SHA-1 signature beside the SHA-256 one.
            request.Headers.Add("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(key, content)));
#pragma warning restore CA5350
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, content)));
        }

        return request;
    }

    /// <summary>As GitLab 17 sends a push (headers of the recorded delivery): the hook's token verbatim, no signature.</summary>
    private static HttpRequestMessage GitLabPushRequest(RegisteredHook hook, byte[] body, string deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitLab/17.1.0-pre");
        request.Headers.Add("X-Gitlab-Event", "Push Hook");
        request.Headers.Add("X-Gitlab-Event-UUID", deliveryId);
        request.Headers.Add("X-Gitlab-Webhook-UUID", hook.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Idempotency-Key", deliveryId);
        if (!string.IsNullOrEmpty(hook.Secret))
        {
            request.Headers.Add("X-Gitlab-Token", hook.Secret);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        hookSender.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(ReposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Map(WebApplication web)
    {
        web.MapGet("/login/oauth/authorize", Authorize);
        web.MapGet("/oauth/authorize", Authorize);
        web.MapPost("/login/oauth/access_token", (Func<HttpContext, Task<IResult>>)(http => TokenAsync(http, "github")));
        web.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)(http => TokenAsync(http, "gitlab")));

        // GitHub (Enterprise Server paths: Octokit talks to /api/v3 on a host that is not github.com).
        web.MapGet("/api/v3/user", (HttpContext http) => Api(http, () => Json(Fixture("api/github/user.json"))));
        web.MapGet("/api/v3/user/emails", (HttpContext http) => Api(http, () => Json("""[{"email":"octocat@github.com","primary":true,"verified":true}]""")));
        web.MapGet("/api/v3/user/repos", (HttpContext http) => Api(http, () => GitHubRepos(http)));
        web.MapGet("/api/v3/repos/{owner}/{repo}/branches", (HttpContext http, string owner, string repo) => Api(http, () =>
            hosted.TryGetValue($"{owner}/{repo}", out var real) ? Json(GitHubRefs(real, "heads")) : Json(Fixture("api/github/branches.json"))));
        web.MapGet("/api/v3/repos/{owner}/{repo}/tags", (HttpContext http, string owner, string repo) => Api(http, () => hosted.TryGetValue($"{owner}/{repo}", out var real) ? Json(GitHubRefs(real, "tags")) : Json(
            """[{"name":"v1.0.0","commit":{"sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e","url":"https://api.github.com/repos/octocat/Hello-World/commits/6dcb09b5b57875f334f61aebed695e2e4193db5e"},"zipball_url":"","tarball_url":"","node_id":"x"}]""")));
        web.MapPost("/api/v3/repos/{owner}/{repo}/hooks", async (HttpContext http, string owner, string repo) =>
        {
            // Remembered like a repository's hook list, so tests can check what the console registered (URL, secret, events).
            var body = await JsonNode.ParseAsync(http.Request.Body);
            return Api(http, () =>
            {
                var hook = new RegisteredHook($"{owner}/{repo}", body?["config"]?["url"]?.GetValue<string>(), body?["config"]?["secret"]?.GetValue<string>(),
                    body?["config"]?["content_type"]?.GetValue<string>(), body?["events"]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [],
                    Interlocked.Increment(ref nextHookId));
                Hooks.Enqueue(hook);
                activeHooks[hook.Id] = hook;

                // The recorded answer, with this hook's own id (so that deleting one hook leaves the others).
                var created = JsonNode.Parse(Fixture("api/github/hook-create.json"))!;
                created["id"] = hook.Id;
                return Json(created.ToJsonString(), StatusCodes.Status201Created);
            });
        });
        web.MapDelete("/api/v3/repos/{owner}/{repo}/hooks/{id}", (HttpContext http, string owner, string repo, string id) => Api(http, () =>
        {
            DeletedHooks.Enqueue($"{owner}/{repo}#{id}");
            return long.TryParse(id, CultureInfo.InvariantCulture, out var hookId) && activeHooks.TryRemove(hookId, out _)
                ? Results.NoContent()
                : Results.Json(new { message = "Not Found" }, statusCode: 404);
        }));

        web.MapPost("/api/v3/repos/{owner}/{repo}/statuses/{sha}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            CommitStatuses.Enqueue($"{http.Request.Path} {await reader.ReadToEndAsync()}");
            return Api(http, () => Json(
                """{"id":1,"node_id":"x","state":"pending","context":"ci","description":"","target_url":null,"url":"","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""",
                StatusCodes.Status201Created));
        });

        // Git smart HTTP for hosted repositories: GitHub takes any user name with a token as the password.
        web.Map("/{owner}/{repo}.git/{**rest}", async (HttpContext http, string owner, string repo) =>
        {
            if (!hosted.ContainsKey($"{owner}/{repo}"))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!BasicAuthorization.TryParse(http.Request.Headers.Authorization.ToString(), out _, out var password) || !validAccessTokens.ContainsKey(password))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"GitHub\"";
                return;
            }

            GitRequests.Enqueue($"{http.Request.Method} {http.Request.Path}");
            await GitHttpBackend.ServeAsync(http, ReposRoot, http.Request.Path.Value!, "token");
        });

        // GitLab v4.
        web.MapGet("/api/v4/user", (HttpContext http) => Api(http, () => Json(Fixture("api/gitlab/user.json"))));
        web.MapGet("/api/v4/projects", (HttpContext http) => Api(http, () => GitLabProjects(http)));
        web.MapGet("/api/v4/projects/{id}/repository/branches", (HttpContext http, string id) => Api(http, () =>
            hosted.TryGetValue(Uri.UnescapeDataString(id), out var real) ? Json(GitLabRefs(real, "heads")) : Json(Fixture("api/gitlab/branches.json"))));
        web.MapPost("/api/v4/projects/{id}/hooks", async (HttpContext http, string id) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body);
            return Api(http, () =>
            {
                var events = new List<string>();
                if (body?["push_events"]?.GetValue<bool>() == true)
                {
                    events.Add("push");
                }

                if (body?["tag_push_events"]?.GetValue<bool>() == true)
                {
                    events.Add("tag_push");
                }

                var hook = new RegisteredHook(Uri.UnescapeDataString(id), body?["url"]?.GetValue<string>(), body?["token"]?.GetValue<string>(),
                    "json", events, Interlocked.Increment(ref nextHookId), "gitlab");
                Hooks.Enqueue(hook);
                activeHooks[hook.Id] = hook;
                var created = JsonNode.Parse(Fixture("api/gitlab/hook-create.json"))!;
                created["id"] = hook.Id;
                created["url"] = hook.Url;
                return Json(created.ToJsonString(), StatusCodes.Status201Created);
            });
        });
        web.MapDelete("/api/v4/projects/{id}/hooks/{hookId}", (HttpContext http, string id, string hookId) => Api(http, () =>
        {
            DeletedHooks.Enqueue($"{Uri.UnescapeDataString(id)}#{hookId}");
            return long.TryParse(hookId, CultureInfo.InvariantCulture, out var number) && activeHooks.TryRemove(number, out _)
                ? Results.NoContent()
                : Results.Json(new { message = "404 Not Found" }, statusCode: 404);
        }));
        web.MapGet("/api/v4/projects/{id}/repository/tags", (HttpContext http) => Api(http, () => Json(
            """[{"name":"v1.0.0","message":"","target":"7b5c3cc8be40ee161ae89a06bba6229da1032a0c","commit":{"id":"7b5c3cc8be40ee161ae89a06bba6229da1032a0c"}}]""")));
    }

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query;
        AuthorizeRequests.Enqueue(query);
        var redirect = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || string.IsNullOrEmpty(redirect))
        {
            return Results.BadRequest("unknown client or no redirect_uri");
        }

        var separator = redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var state = Uri.EscapeDataString(query["state"].ToString());
        if (Deny)
        {
            return Results.Redirect($"{redirect}{separator}error=access_denied&state={state}");
        }

        var code = "code-" + Guid.NewGuid().ToString("N");
        codes[code] = new PendingCode(redirect, query["code_challenge"].ToString(), query["code_challenge_method"].ToString());
        return Results.Redirect($"{redirect}{separator}code={code}&state={state}");
    }

    private async Task<IResult> TokenAsync(HttpContext http, string flavour)
    {
        var form = await http.Request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed." }, statusCode: 401);
        }

        if (form["grant_type"] == "refresh_token")
        {
            Interlocked.Increment(ref refreshCount);
            if (RefreshUnavailable)
            {
                return Results.Text("<html><body>503 Service Temporarily Unavailable</body></html>", "text/html", statusCode: 503);
            }

            if (FailRefresh || !validRefreshTokens.TryRemove(form["refresh_token"].ToString(), out _))
            {
                return Results.Json(new { error = "invalid_grant", error_description = "The provided authorization grant is invalid, expired, revoked." }, statusCode: 400);
            }

            return Issue("oauth/gitlab.refresh_token.json");
        }

        if (!codes.TryRemove(form["code"].ToString(), out var pending) || pending.RedirectUri != form["redirect_uri"])
        {
            return Results.Json(new { error = "invalid_grant", error_description = "The code is unknown, used, or for another redirect URI." }, statusCode: 400);
        }

        if (!string.IsNullOrEmpty(pending.Challenge))
        {
            var verifier = form["code_verifier"].ToString();
            var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (pending.Method != "S256" || verifier.Length < 43 || expected != pending.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed." }, statusCode: 400);
            }

            AcceptedVerifiers.Enqueue(verifier);
        }

        return Issue(flavour == "github" ? "oauth/github.access_token.json" : "oauth/gitlab.access_token.json");
    }

    private RecordedBody Issue(string fixture)
    {
        var body = Fixture(fixture);
        var json = JsonNode.Parse(body)!;
        validAccessTokens[json["access_token"]!.GetValue<string>()] = true;
        if (json["refresh_token"]?.GetValue<string>() is { } refresh)
        {
            validRefreshTokens[refresh] = true;
        }

        return Json(body);
    }

    private IResult Api(HttpContext http, Func<IResult> respond)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.Contains(' ', StringComparison.Ordinal) ? header[(header.IndexOf(' ', StringComparison.Ordinal) + 1)..] : "";
        ApiCalls.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString} token={token}");
        return validAccessTokens.ContainsKey(token)
            ? respond()
            : Results.Json(new { message = "Bad credentials" }, statusCode: 401);
    }

    private RecordedBody GitHubRepos(HttpContext http)
    {
        var (page, perPage) = Paging(http, "per_page");
        var all = HostedGitHubRepos().Concat(githubRepos.Select(n => n!)).ToList();
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(n => n.DeepClone()).ToArray();
        if (page * perPage < all.Count)
        {
            http.Response.Headers["Link"] = $"<{BaseUrl}api/v3/user/repos?page={page + 1}&per_page={perPage}>; rel=\"next\"";
        }

        return Json(new JsonArray(items).ToJsonString());
    }

    private RecordedBody GitLabProjects(HttpContext http)
    {
        var (page, perPage) = Paging(http, "per_page");
        var search = http.Request.Query["search"].ToString();
        var matching = HostedGitLabProjects().Concat(gitlabProjects.Select(n => n!)).Where(p => search.Length == 0 || p!["path_with_namespace"]!.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
        http.Response.Headers["X-Next-Page"] = page * perPage < matching.Count ? (page + 1).ToString(CultureInfo.InvariantCulture) : "";
        return Json(new JsonArray(matching.Skip((page - 1) * perPage).Take(perPage).Select(n => n.DeepClone()).ToArray()).ToJsonString());
    }

    /// <summary>The hosted repositories in the recorded Hello-World's shape, with URLs that point at this fake.</summary>
    private IEnumerable<JsonNode> HostedGitHubRepos()
    {
        var template = githubRepos[0]!;
        var n = 0;
        foreach (var fullName in hosted.Keys.Order(StringComparer.Ordinal))
        {
            var copy = template.DeepClone();
            var owner = fullName[..fullName.IndexOf('/', StringComparison.Ordinal)];
            copy["id"] = 6_000_000 + ++n;
            copy["name"] = fullName[(owner.Length + 1)..];
            copy["full_name"] = fullName;
            copy["owner"]!["login"] = owner;
            copy["private"] = true;
            copy["html_url"] = $"{BaseUrl}{fullName}";
            copy["clone_url"] = CloneUrl(fullName);
            copy["git_url"] = CloneUrl(fullName);
            copy["ssh_url"] = $"git@{BaseUrl.Host}:{fullName}.git";
            copy["default_branch"] = "main";
            yield return copy;
        }
    }

    /// <summary>The hosted repositories in the recorded GitLab project's shape, with URLs that point at this fake.</summary>
    private IEnumerable<JsonNode> HostedGitLabProjects()
    {
        var template = gitlabProjects[0]!;
        var n = 0;
        foreach (var fullName in hosted.Keys.Order(StringComparer.Ordinal))
        {
            var copy = template.DeepClone();
            copy["id"] = 8_000_000 + ++n;
            copy["path"] = copy["name"] = fullName[(fullName.LastIndexOf('/') + 1)..];
            copy["path_with_namespace"] = fullName;
            copy["name_with_namespace"] = fullName.Replace("/", " / ", StringComparison.Ordinal);
            copy["http_url_to_repo"] = CloneUrl(fullName);
            copy["ssh_url_to_repo"] = $"git@{BaseUrl.Host}:{fullName}.git";
            copy["web_url"] = $"{BaseUrl}{fullName}";
            copy["default_branch"] = "main";
            copy["visibility"] = "private";
            yield return copy;
        }
    }

    /// <summary>Branches of a hosted repository in GitLab's shape.</summary>
    private static string GitLabRefs(GitTestRepository repo, string kind) =>
        new JsonArray(Refs(repo, kind).Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name, ["commit"] = new JsonObject { ["id"] = r.Sha }, ["protected"] = false, ["default"] = r.Name == "main",
        }).ToArray()).ToJsonString();

    /// <summary>The repository's branches (<c>heads</c>) or tags (<c>tags</c>, peeled to their commit), as the bare repository has them.</summary>
    private static IEnumerable<(string Name, string Sha)> Refs(GitTestRepository repo, string kind) =>
        repo.Git("--git-dir", repo.BarePath, "for-each-ref", "--format=%(refname:strip=2) %(objectname) %(*objectname)", $"refs/{kind}/")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(parts => (parts[0], parts.Length > 2 && parts[2].Length == 40 ? parts[2] : parts[1]));

    /// <summary>Branches or tags of a hosted repository in GitHub's shape.</summary>
    private string GitHubRefs(GitTestRepository repo, string kind) =>
        new JsonArray(Refs(repo, kind).Select(r =>
        {
            var commit = new JsonObject { ["sha"] = r.Sha, ["url"] = $"{BaseUrl}api/v3/repos/{repo.Name[..^4]}/commits/{r.Sha}" };
            return (JsonNode)(kind == "heads"
                ? new JsonObject { ["name"] = r.Name, ["commit"] = commit, ["protected"] = false }
                : new JsonObject { ["name"] = r.Name, ["commit"] = commit, ["zipball_url"] = "", ["tarball_url"] = "", ["node_id"] = "x" });
        }).ToArray()).ToJsonString();

    /// <summary>The pushed commits, oldest first: sha, tree, author name and e-mail, time, message and the paths by change.</summary>
    private static List<PushedCommit> PushedCommits(GitTestRepository repo, string before, string after)
    {
        var created = before.Trim('0').Length == 0;
        var log = repo.Git("--git-dir", repo.BarePath, "log", "--reverse", "--format=%H%x1f%T%x1f%an%x1f%ae%x1f%aI%x1f%B%x1e",
            created ? after : $"{before}..{after}", created ? "-1" : "--");
        var commits = new List<PushedCommit>();
        foreach (var record in log.Split('\x1e', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = record.Split('\x1f');
            var changes = repo.Git("--git-dir", repo.BarePath, "diff-tree", "--no-commit-id", "--name-status", "-r", "--root", f[0])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
            string[] Paths(string status) => changes.Where(p => p[0].StartsWith(status, StringComparison.Ordinal)).Select(p => p[^1]).ToArray();
            commits.Add(new PushedCommit(f[0], f[1], f[2], f[3], f[4], f[5].TrimEnd('\n'), Paths("A"), Paths("D"), Paths("M")));
        }

        return commits;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    /// <summary>GitHub's push payload (the recorded one, re-pointed at this repository and these commits).</summary>
    private JsonNode PushPayload(string fullName, string before, string after, string branch)
    {
        var payload = JsonNode.Parse(Fixture("go-scm/github/push.json"))!;
        var commits = new JsonArray();
        foreach (var c in PushedCommits(hosted[fullName], before, after))
        {
            var person = new JsonObject { ["name"] = c.Author, ["email"] = c.Email, ["username"] = c.Author.Replace(' ', '-') };
            commits.Add(new JsonObject
            {
                ["id"] = c.Sha,
                ["tree_id"] = c.Tree,
                ["distinct"] = true,
                ["message"] = c.Message,
                ["timestamp"] = c.Time,
                ["url"] = $"{BaseUrl}{fullName}/commit/{c.Sha}",
                ["author"] = person,
                ["committer"] = person.DeepClone(),
                ["added"] = Strings(c.Added),
                ["removed"] = Strings(c.Removed),
                ["modified"] = Strings(c.Modified),
            });
        }

        payload["ref"] = $"refs/heads/{branch}";
        payload["before"] = before;
        payload["after"] = after;
        payload["created"] = before.Trim('0').Length == 0;
        payload["deleted"] = false;
        payload["forced"] = false;
        payload["compare"] = $"{BaseUrl}{fullName}/compare/{before[..12]}...{after[..12]}";
        payload["commits"] = commits;
        payload["head_commit"] = commits.Count > 0 ? commits[^1]!.DeepClone() : null;
        var repository = payload["repository"]!;
        var owner = fullName[..fullName.IndexOf('/', StringComparison.Ordinal)];
        repository["name"] = fullName[(owner.Length + 1)..];
        repository["full_name"] = fullName;
        repository["owner"]!["login"] = owner;
        repository["owner"]!["name"] = owner;
        repository["html_url"] = $"{BaseUrl}{fullName}";
        repository["url"] = $"{BaseUrl}{fullName}";
        repository["clone_url"] = CloneUrl(fullName);
        repository["git_url"] = CloneUrl(fullName);
        repository["ssh_url"] = $"git@{BaseUrl.Host}:{fullName}.git";
        repository["default_branch"] = "main";
        repository["master_branch"] = "main";
        repository["private"] = true;
        return payload;
    }

    /// <summary>GitLab's push payload (the recorded one, re-pointed at this project and these commits).</summary>
    private JsonNode GitLabPushPayload(string fullName, string before, string after, string branch)
    {
        var payload = JsonNode.Parse(Fixture("go-scm/gitlab/push.json"))!;
        var commits = new JsonArray();
        foreach (var c in PushedCommits(hosted[fullName], before, after))
        {
            commits.Add(new JsonObject
            {
                ["id"] = c.Sha,
                ["message"] = c.Message + "\n",
                ["timestamp"] = c.Time,
                ["url"] = $"{BaseUrl}{fullName}/-/commit/{c.Sha}",
                ["author"] = new JsonObject { ["name"] = c.Author, ["email"] = c.Email },
                ["added"] = Strings(c.Added),
                ["modified"] = Strings(c.Modified),
                ["removed"] = Strings(c.Removed),
            });
        }

        payload["before"] = before;
        payload["after"] = after;
        payload["ref"] = $"refs/heads/{branch}";
        payload["checkout_sha"] = after;
        payload["commits"] = commits;
        payload["total_commits_count"] = commits.Count;
        var project = payload["project"]!;
        project["name"] = fullName[(fullName.LastIndexOf('/') + 1)..];
        project["path_with_namespace"] = fullName;
        project["web_url"] = $"{BaseUrl}{fullName}";
        project["git_http_url"] = CloneUrl(fullName);
        project["http_url"] = CloneUrl(fullName);
        project["git_ssh_url"] = $"git@{BaseUrl.Host}:{fullName}.git";
        project["default_branch"] = "main";
        var repository = payload["repository"]!;
        repository["name"] = project["name"]!.GetValue<string>();
        repository["url"] = CloneUrl(fullName);
        repository["homepage"] = $"{BaseUrl}{fullName}";
        repository["git_http_url"] = CloneUrl(fullName);
        return payload;
    }

    private static (int Page, int PerPage) Paging(HttpContext http, string perPageName) => (
        int.TryParse(http.Request.Query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1,
        int.TryParse(http.Request.Query[perPageName], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 30);

    /// <summary>The recorded repositories, then copies of the recorded Hello-World named service-01, service-02, …</summary>
    private static JsonArray BuildGitHubRepos()
    {
        var recorded = JsonNode.Parse(Fixture("api/github/user-repos.json"))!.AsArray();
        var all = new JsonArray(recorded.Select(n => n!.DeepClone()).ToArray());
        foreach (var repo in JsonNode.Parse(Fixture("api/github/user-repos.octocrab.json"))!.AsArray())
        {
            all.Add(repo!.DeepClone());
        }

        var template = recorded[0]!;
        for (var i = 1; all.Count < RepositoryCount; i++)
        {
            var name = $"service-{i:00}";
            var copy = template.DeepClone();
            copy["id"] = 5_000_000 + i;
            copy["name"] = name;
            copy["full_name"] = $"octocat/{name}";
            copy["clone_url"] = $"https://github.com/octocat/{name}.git";
            copy["ssh_url"] = $"git@github.com:octocat/{name}.git";
            copy["html_url"] = $"https://github.com/octocat/{name}";
            all.Add(copy);
        }

        return all;
    }

    private static JsonArray BuildGitLabProjects()
    {
        var recorded = JsonNode.Parse(Fixture("api/gitlab/projects-membership.json"))!.AsArray();
        var all = new JsonArray(recorded.Select(n => n!.DeepClone()).ToArray());
        var template = recorded[0]!;
        for (var i = 1; all.Count < RepositoryCount; i++)
        {
            var name = $"service-{i:00}";
            var copy = template.DeepClone();
            copy["id"] = 7_000_000 + i;
            copy["path"] = name;
            copy["name"] = name;
            copy["path_with_namespace"] = $"diaspora/{name}";
            copy["http_url_to_repo"] = $"https://gitlab.com/diaspora/{name}.git";
            all.Add(copy);
        }

        return all;
    }

    private static RecordedBody Json(byte[] body, int status = StatusCodes.Status200OK) => new(body, status);

    private static RecordedBody Json(string body, int status = StatusCodes.Status200OK) => Json(Encoding.UTF8.GetBytes(body), status);

    /// <summary>The recorded bytes as they are, with a status code.</summary>
    private sealed class RecordedBody(byte[] body, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.Body.WriteAsync(body);
        }
    }

    private sealed record PendingCode(string RedirectUri, string Challenge, string Method);

    private sealed record PushedCommit(string Sha, string Tree, string Author, string Email, string Time, string Message,
        string[] Added, string[] Removed, string[] Modified);
}

/// <summary>A webhook registered at the fake provider.</summary>
public sealed record RegisteredHook(string Repository, string? Url, string? Secret, string? ContentType, IReadOnlyList<string> Events, long Id = 0, string Provider = "github");

/// <summary>One push delivered to a hook, and how the receiver answered.</summary>
public sealed record HookDelivery(string DeliveryId, string Url, int StatusCode, string Body);
