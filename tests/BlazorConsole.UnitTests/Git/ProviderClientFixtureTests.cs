using System.Net;
using System.Text.Json;
using BlazorConsole.Git.Providers;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Providers.Gitea;
using BlazorConsole.Git.Providers.Gitee;
using BlazorConsole.Git.Providers.GitLab;

using BlazorConsole.TestSupport;

namespace BlazorConsole.UnitTests.Git;

/// <summary>
/// Each provider client reads the real recorded API responses, and its normalized result matches go-scm's golden
/// expectation for the same bytes (the golden files are read, not restated here).
/// </summary>
public class ProviderClientFixtureTests
{
    private const string Token = "test-access-token-123";

    private static IGitProviderClient Client(string provider, FixtureHandler handler, string apiBase) => provider switch
    {
        "github" => new GitHubProviderClient(() => handler, new Uri(apiBase), Token),
        "gitlab" => new GitLabProviderClient(new HttpClient(handler), new Uri(apiBase), Token),
        "gitee" => new GiteeProviderClient(new HttpClient(handler), new Uri(apiBase), Token),
        "gitea" or "gogs" => new GiteaProviderClient(new HttpClient(handler), new Uri(apiBase), Token),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static string ApiBase(string provider) => provider switch
    {
        "github" => "https://github.example.test/api/v3/",
        "gitlab" => "https://gitlab.example.test/api/v4/",
        "gitee" => "https://gitee.example.test/api/v5/",
        _ => "https://gitea.example.test/api/v1/",
    };

    [Theory]
    [InlineData("github", "/api/v3/user")]
    [InlineData("gitlab", "/api/v4/user")]
    [InlineData("gitee", "/api/v5/user")]
    [InlineData("gitea", "/api/v1/user")]
    [InlineData("gogs", "/api/v1/user")]
    public async Task The_current_user_is_read_as_the_golden_file_says(string provider, string path)
    {
        var handler = new FixtureHandler().On(HttpMethod.Get, path, $"api/{provider}/user.json");

        var user = await Client(provider, handler, ApiBase(provider)).GetCurrentUserAsync();

        var golden = ProviderFixtures.Golden($"api/{provider}/user.json.golden");
        Assert.Equal(golden.GetProperty("Login").GetString(), user.Login);
        Assert.Equal(golden.GetProperty("Email").GetString(), user.Email);
        Assert.Equal(golden.GetProperty("Avatar").GetString(), user.AvatarUrl);
        Assert.Equal(golden.GetProperty("Name").GetString(), user.Name);
        var recorded = JsonDocument.Parse(ProviderFixtures.Bytes($"api/{provider}/user.json")).RootElement;
        Assert.Equal(recorded.GetProperty("id").GetRawText(), user.Id);
    }

    [Theory]
    [InlineData("github", "/api/v3/user/repos", "user-repos.json")]
    [InlineData("gitlab", "/api/v4/projects", "projects-membership.json")]
    [InlineData("gitee", "/api/v5/user/repos", "user-repos.json")]
    [InlineData("gitea", "/api/v1/user/repos", "user-repos.json")]
    [InlineData("gogs", "/api/v1/user/repos", "user-repos.json")]
    public async Task Repositories_are_read_as_the_golden_file_says(string provider, string path, string fixture)
    {
        var handler = new FixtureHandler().On(HttpMethod.Get, path, $"api/{provider}/{fixture}");

        var page = await Client(provider, handler, ApiBase(provider)).ListRepositoriesAsync(null, 1, 20);

        var golden = ProviderFixtures.Golden($"api/{provider}/{fixture}.golden").EnumerateArray().ToList();
        Assert.Equal(golden.Count, page.Items.Count);
        Assert.False(page.HasMore);
        foreach (var (expected, actual) in golden.Zip(page.Items))
        {
            Assert.Equal(expected.GetProperty("ID").GetString(), actual.Id);
            Assert.Equal(expected.GetProperty("Namespace").GetString(), actual.Namespace);
            Assert.Equal(expected.GetProperty("Name").GetString(), actual.Name);
            Assert.Equal(expected.GetProperty("Private").GetBoolean(), actual.Private);
            Assert.Equal(expected.GetProperty("Branch").GetString(), actual.DefaultBranch);
            Assert.Equal(expected.GetProperty("Clone").GetString(), actual.CloneUrl);
            Assert.Equal(expected.GetProperty("CloneSSH").GetString(), actual.SshUrl);
            // Gitee's html_url ends in .git; the web page is the same address without it.
            var link = expected.GetProperty("Link").GetString()!;
            Assert.Equal(link.EndsWith(".git", StringComparison.Ordinal) ? link[..^4] : link, actual.WebUrl);
            if (provider != "gitlab")
            {
                // GitLab's membership listing carries no permissions block; go-scm's defaults there are not data.
                var perm = expected.GetProperty("Perm");
                Assert.Equal(new RepositoryPermissions(perm.GetProperty("Admin").GetBoolean(), perm.GetProperty("Push").GetBoolean(), perm.GetProperty("Pull").GetBoolean()), actual.Permissions);
            }

            Assert.Equal($"{actual.Namespace}/{actual.Name}", actual.FullName);
        }
    }

    [Fact]
    public async Task The_octocrab_recording_of_GitHub_repositories_and_user_parses_too()
    {
        var handler = new FixtureHandler()
            .On(HttpMethod.Get, "/user/repos", "api/github/user-repos.octocrab.json")
            .On(HttpMethod.Get, "/user", "api/github/user.octocrab.json")
            .OnText(HttpMethod.Get, "/user/emails", """[{"email":"octocat@users.example.test","primary":true,"verified":true}]""", HttpStatusCode.OK);
        var client = Client("github", handler, "https://api.github.com/");

        var page = await client.ListRepositoriesAsync(null, 1, 2);
        var user = await client.GetCurrentUserAsync();

        var recorded = JsonDocument.Parse(ProviderFixtures.Bytes("api/github/user-repos.octocrab.json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(recorded.Select(r => r.GetProperty("full_name").GetString()), page.Items.Select(r => r.FullName));
        Assert.True(page.HasMore);  // a full page: there may be more
        Assert.Equal("octocat", user.Login);
        Assert.Null(user.Name);
        // The recorded profile hides the e-mail, so the primary one comes from /user/emails.
        Assert.Equal("octocat@users.example.test", user.Email);
    }

    [Theory]
    [InlineData("github", "/api/v3/repos/octocat/hello-world/branches")]
    [InlineData("gitlab", "/api/v4/projects/octocat%2Fhello-world/repository/branches")]
    [InlineData("gitee", "/api/v5/repos/octocat/hello-world/branches")]
    [InlineData("gitea", "/api/v1/repos/octocat/hello-world/branches")]
    [InlineData("gogs", "/api/v1/repos/octocat/hello-world/branches")]
    public async Task Branches_are_read_as_the_golden_file_says(string provider, string path)
    {
        var handler = new FixtureHandler().On(HttpMethod.Get, path, $"api/{provider}/branches.json");

        var branches = await Client(provider, handler, ApiBase(provider)).ListBranchesAsync("octocat/hello-world");

        var golden = ProviderFixtures.Golden($"api/{provider}/branches.json.golden").EnumerateArray().ToList();
        Assert.Equal(golden.Select(g => (g.GetProperty("Name").GetString()!, g.GetProperty("Sha").GetString())), branches.Select(b => (b.Name, b.Sha)));
    }

    [Theory]
    [InlineData("github", "/api/v3/repos/octocat/hello-world/hooks", "hook-create.json")]
    [InlineData("github", "/api/v3/repos/octocat/hello-world/hooks", "hook-create.modern.json")]
    [InlineData("gitlab", "/api/v4/projects/octocat%2Fhello-world/hooks", "hook-create.json")]
    [InlineData("gitee", "/api/v5/repos/octocat/hello-world/hooks", "hook-create.json")]
    [InlineData("gitea", "/api/v1/repos/octocat/hello-world/hooks", "hook-create.json")]
    public async Task Creating_a_webhook_sends_push_events_with_the_secret_and_returns_the_providers_id(string provider, string path, string fixture)
    {
        var handler = new FixtureHandler().On(HttpMethod.Post, path, $"api/{provider}/{fixture}", HttpStatusCode.Created);

        var hook = await Client(provider, handler, ApiBase(provider)).CreateWebhookAsync("octocat/hello-world", new WebhookRequest("https://console.example.test/console/webhooks/42", "s3cret-hook"));

        var recorded = JsonDocument.Parse(ProviderFixtures.Bytes($"api/{provider}/{fixture}")).RootElement;
        Assert.Equal(recorded.GetProperty("id").GetRawText(), hook.Id);
        var expectedUrl = recorded.TryGetProperty("config", out var config) ? config.GetProperty("url").GetString() : recorded.GetProperty("url").GetString();
        Assert.Equal(expectedUrl, hook.Url);
        Assert.Contains("push", hook.Events);

        var sent = JsonDocument.Parse(Assert.Single(handler.Requests).Body!).RootElement.GetRawText();
        Assert.Contains("https://console.example.test/console/webhooks/42", sent, StringComparison.Ordinal);
        Assert.Contains("s3cret-hook", sent, StringComparison.Ordinal);
        Assert.Contains("push", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_travel_as_each_provider_expects()
    {
        var github = new FixtureHandler().On(HttpMethod.Get, "/api/v3/user", "api/github/user.json");
        var gitlab = new FixtureHandler().On(HttpMethod.Get, "/api/v4/user", "api/gitlab/user.json");
        var gitee = new FixtureHandler().On(HttpMethod.Get, "/api/v5/user", "api/gitee/user.json");
        var gitea = new FixtureHandler().On(HttpMethod.Get, "/api/v1/user", "api/gitea/user.json");

        await Client("github", github, ApiBase("github")).GetCurrentUserAsync();
        await Client("gitlab", gitlab, ApiBase("gitlab")).GetCurrentUserAsync();
        await Client("gitee", gitee, ApiBase("gitee")).GetCurrentUserAsync();
        await Client("gitea", gitea, ApiBase("gitea")).GetCurrentUserAsync();

        Assert.Contains(Token, github.Requests[0].Request.Headers.Authorization!.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Bearer {Token}", gitlab.Requests[0].Request.Headers.Authorization!.ToString());
        Assert.Contains($"access_token={Token}", gitee.Requests[0].Request.RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal($"token {Token}", gitea.Requests[0].Request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task GitLab_searches_on_the_server_and_pages_with_its_next_page_header()
    {
        var handler = new FixtureHandler().On(HttpMethod.Get, "/api/v4/projects", "api/gitlab/projects-membership.json", HttpStatusCode.OK, ("X-Next-Page", "3"));

        var page = await Client("gitlab", handler, ApiBase("gitlab")).ListRepositoriesAsync("dias", 2, 1);

        Assert.True(page.HasMore);
        var query = handler.Requests[0].Request.RequestUri!.Query;
        Assert.Contains("membership=true", query, StringComparison.Ordinal);
        Assert.Contains("search=dias", query, StringComparison.Ordinal);
        Assert.Contains("page=2", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHub_search_filters_reachable_repositories_by_name()
    {
        var handler = new FixtureHandler().On(HttpMethod.Get, "/user/repos", "api/github/user-repos.octocrab.json");

        var page = await Client("github", handler, "https://api.github.com/").ListRepositoriesAsync("SQS", 1, 20);

        var match = Assert.Single(page.Items);
        Assert.Equal("iamjpotts/amazon-sqs-java-temporary-queues-client", match.FullName);
        Assert.False(page.HasMore);
    }
}

public class ProviderWriteTests
{
    [Theory]
    [InlineData("github", "https://api.github.com/", "/repos/octocat/hello/hooks/20")]
    [InlineData("gitlab", "https://gitlab.example.test/api/v4/", "/api/v4/projects/octocat%2Fhello/hooks/20")]
    [InlineData("gitee", "https://gitee.example.test/api/v5/", "/api/v5/repos/octocat/hello/hooks/20")]
    [InlineData("gitea", "https://gitea.example.test/api/v1/", "/api/v1/repos/octocat/hello/hooks/20")]
    public async Task Deleting_a_webhook_deletes_it_by_the_id_the_provider_gave(string provider, string apiBase, string path)
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Delete, path, "", HttpStatusCode.NoContent);

        await Client(provider, handler, apiBase).DeleteWebhookAsync("octocat/hello", "20");

        Assert.Equal(path, Assert.Single(handler.Requests).Request.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("github", "https://api.github.com/", "/repos/octocat/hello/statuses/abc123", "\"state\":\"failure\"")]
    [InlineData("gitlab", "https://gitlab.example.test/api/v4/", "/api/v4/projects/octocat%2Fhello/statuses/abc123", "\"state\":\"failed\"")]
    [InlineData("gitea", "https://gitea.example.test/api/v1/", "/api/v1/repos/octocat/hello/statuses/abc123", "\"state\":\"failure\"")]
    public async Task A_failed_build_is_reported_as_each_provider_names_it(string provider, string apiBase, string path, string state)
    {
        var handler = new FixtureHandler().OnText(HttpMethod.Post, path, """{"id":1}""", HttpStatusCode.Created);

        var reported = await Client(provider, handler, apiBase).SetCommitStatusAsync("octocat/hello",
            new CommitStatusRequest("abc123", CommitState.Failure, "blazor-console", "Build #7 failed", "https://console.example.test/builds/7"));

        Assert.True(reported);
        var body = Assert.Single(handler.Requests).Body!;
        Assert.Contains(state, body, StringComparison.Ordinal);
        Assert.Contains("https://console.example.test/builds/7", body, StringComparison.Ordinal);
        Assert.Contains("blazor-console", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gitee_has_no_commit_statuses_and_says_so_without_calling()
    {
        var handler = new FixtureHandler();

        var reported = await Client("gitee", handler, "https://gitee.example.test/api/v5/").SetCommitStatusAsync("o/r", new CommitStatusRequest("abc", CommitState.Success, "c", null, null));

        Assert.False(reported);
        Assert.Empty(handler.Requests);
    }

    private static IGitProviderClient Client(string provider, FixtureHandler handler, string apiBase) => provider switch
    {
        "github" => new GitHubProviderClient(() => handler, new Uri(apiBase), "t"),
        "gitlab" => new GitLabProviderClient(new HttpClient(handler), new Uri(apiBase), "t"),
        "gitee" => new GiteeProviderClient(new HttpClient(handler), new Uri(apiBase), "t"),
        _ => new GiteaProviderClient(new HttpClient(handler), new Uri(apiBase), "t"),
    };
}
