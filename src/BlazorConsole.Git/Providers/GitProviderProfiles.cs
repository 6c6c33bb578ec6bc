using BlazorConsole.Domain.GitProviders;

namespace BlazorConsole.Git.Providers;

/// <summary>Where a provider's OAuth and API endpoints are (absolute, API base ending in '/').</summary>
public sealed record ProviderEndpoints(Uri AuthorizeUrl, Uri TokenUrl, Uri ApiBaseUrl);

/// <summary>What the console knows about each provider: public addresses, endpoint paths, scopes, PKCE.</summary>
public static class GitProviderProfiles
{
    public static string DisplayName(GitProviderType type) => type switch
    {
        GitProviderType.GitHub => "GitHub",
        GitProviderType.GitLab => "GitLab",
        GitProviderType.Gitee => "Gitee",
        GitProviderType.Gitea => "Gitea",
        _ => type.ToString(),
    };

    /// <summary>The public service used when no service address is given; null when one must be given (Gitea).</summary>
    public static string? PublicAddress(GitProviderType type) => type switch
    {
        GitProviderType.GitHub => "https://github.com",
        GitProviderType.GitLab => "https://gitlab.com",
        GitProviderType.Gitee => "https://gitee.com",
        _ => null,
    };

    /// <summary>Scopes requested when authorizing: enough to list repositories, read the user and manage webhooks and statuses.</summary>
    public static string Scopes(GitProviderType type) => type switch
    {
        GitProviderType.GitHub => "repo admin:repo_hook read:user user:email",
        GitProviderType.GitLab => "api read_user read_repository",
        GitProviderType.Gitee => "user_info projects hook",
        GitProviderType.Gitea => "read:user write:repository",
        _ => "",
    };

    /// <summary>PKCE (S256) on the authorization code: GitHub, GitLab and Gitea accept it; Gitee does not.</summary>
    public static bool SupportsPkce(GitProviderType type) => type is not GitProviderType.Gitee;

    /// <summary>Derives the endpoints from the type and service address; explicit URLs win.</summary>
    public static ProviderEndpoints Resolve(GitProviderType type, string? serviceAddress, string? apiUrl = null, string? authorizeUrl = null, string? tokenUrl = null)
    {
        var web = (string.IsNullOrWhiteSpace(serviceAddress) ? PublicAddress(type) : serviceAddress.Trim())
            ?? throw new ArgumentException($"{DisplayName(type)} needs a service address (e.g. https://gitea.example.com).", nameof(serviceAddress));
        web = web.TrimEnd('/');
        var isPublicGitHub = type == GitProviderType.GitHub && Uri.TryCreate(web, UriKind.Absolute, out var w) && w.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase);

        var (authorizePath, tokenPath, apiPath) = type switch
        {
            GitProviderType.GitHub => ("/login/oauth/authorize", "/login/oauth/access_token", "/api/v3"),
            GitProviderType.GitLab => ("/oauth/authorize", "/oauth/token", "/api/v4"),
            GitProviderType.Gitee => ("/oauth/authorize", "/oauth/token", "/api/v5"),
            GitProviderType.Gitea => ("/login/oauth/authorize", "/login/oauth/access_token", "/api/v1"),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        var api = !string.IsNullOrWhiteSpace(apiUrl) ? apiUrl.Trim()
            : isPublicGitHub ? "https://api.github.com"
            : web + apiPath;
        return new ProviderEndpoints(
            Absolute(string.IsNullOrWhiteSpace(authorizeUrl) ? web + authorizePath : authorizeUrl.Trim()),
            Absolute(string.IsNullOrWhiteSpace(tokenUrl) ? web + tokenPath : tokenUrl.Trim()),
            Absolute(api.TrimEnd('/') + "/"));
    }

    /// <summary>Null when the address is usable, else why not.</summary>
    public static string? ValidateAddress(string? address, string label)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        return Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"{label} must be an absolute http(s) address, e.g. https://git.example.com.";
    }

    private static Uri Absolute(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri)
        ? uri
        : throw new ArgumentException($"'{url}' is not an absolute address.", nameof(url));
}
