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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
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
        web.MapGet("/api/v3/repos/{owner}/{repo}/branches", (HttpContext http) => Api(http, () => Json(Fixture("api/github/branches.json"))));
        web.MapGet("/api/v3/repos/{owner}/{repo}/tags", (HttpContext http) => Api(http, () => Json(
            """[{"name":"v1.0.0","commit":{"sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e","url":"https://api.github.com/repos/octocat/Hello-World/commits/6dcb09b5b57875f334f61aebed695e2e4193db5e"},"zipball_url":"","tarball_url":"","node_id":"x"}]""")));
        web.MapPost("/api/v3/repos/{owner}/{repo}/hooks", async (HttpContext http, string owner, string repo) =>
        {
            // Remembered like a repository's hook list, so tests can check what the console registered (URL, secret, events).
            var body = await JsonNode.ParseAsync(http.Request.Body);
            return Api(http, () =>
            {
                Hooks.Enqueue(new RegisteredHook($"{owner}/{repo}", body?["config"]?["url"]?.GetValue<string>(), body?["config"]?["secret"]?.GetValue<string>(),
                    body?["config"]?["content_type"]?.GetValue<string>(), body?["events"]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? []));
                return Json(Fixture("api/github/hook-create.json"), StatusCodes.Status201Created);
            });
        });
        web.MapDelete("/api/v3/repos/{owner}/{repo}/hooks/{id}", (HttpContext http, string owner, string repo, string id) => Api(http, () =>
        {
            DeletedHooks.Enqueue($"{owner}/{repo}#{id}");
            return Results.NoContent();
        }));

        web.MapPost("/api/v3/repos/{owner}/{repo}/statuses/{sha}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            CommitStatuses.Enqueue($"{http.Request.Path} {await reader.ReadToEndAsync()}");
            return Api(http, () => Json(
                """{"id":1,"node_id":"x","state":"pending","context":"ci","description":"","target_url":null,"url":"","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}""",
                StatusCodes.Status201Created));
        });

        // GitLab v4.
        web.MapGet("/api/v4/user", (HttpContext http) => Api(http, () => Json(Fixture("api/gitlab/user.json"))));
        web.MapGet("/api/v4/projects", (HttpContext http) => Api(http, () => GitLabProjects(http)));
        web.MapGet("/api/v4/projects/{id}/repository/branches", (HttpContext http) => Api(http, () => Json(Fixture("api/gitlab/branches.json"))));
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
        var items = githubRepos.Skip((page - 1) * perPage).Take(perPage).Select(n => n!.DeepClone()).ToArray();
        if (page * perPage < githubRepos.Count)
        {
            http.Response.Headers["Link"] = $"<{BaseUrl}api/v3/user/repos?page={page + 1}&per_page={perPage}>; rel=\"next\"";
        }

        return Json(new JsonArray(items).ToJsonString());
    }

    private RecordedBody GitLabProjects(HttpContext http)
    {
        var (page, perPage) = Paging(http, "per_page");
        var search = http.Request.Query["search"].ToString();
        var matching = gitlabProjects.Where(p => search.Length == 0 || p!["path_with_namespace"]!.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
        http.Response.Headers["X-Next-Page"] = page * perPage < matching.Count ? (page + 1).ToString(CultureInfo.InvariantCulture) : "";
        return Json(new JsonArray(matching.Skip((page - 1) * perPage).Take(perPage).Select(n => n!.DeepClone()).ToArray()).ToJsonString());
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
}

/// <summary>A webhook registered at the fake provider.</summary>
public sealed record RegisteredHook(string Repository, string? Url, string? Secret, string? ContentType, IReadOnlyList<string> Events);
