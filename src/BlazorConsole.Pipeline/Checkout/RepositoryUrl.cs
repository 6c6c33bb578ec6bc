using System.Security.Cryptography;
using System.Text;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// A repository URL without credentials. A URL typed with <c>user:password@</c> is split: the credentials are taken
/// out (see <see cref="EmbeddedCredentials"/>) so that they are never written to a mirror's config or shown.
/// </summary>
public sealed class RepositoryUrl
{
    private RepositoryUrl(string clean, string normalized, GitCredentials? embedded)
    {
        Clean = clean;
        Normalized = normalized;
        EmbeddedCredentials = embedded;
    }

    /// <summary>The URL as Git uses it, without userinfo.</summary>
    public string Clean { get; }

    /// <summary>Lower-case scheme and host, no default port, no trailing '/' or '.git': one mirror per repository.</summary>
    public string Normalized { get; }

    public GitCredentials? EmbeddedCredentials { get; }

    /// <summary>A stable directory name for the repository's mirror (hash of <see cref="Normalized"/>).</summary>
    public string MirrorName => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalized)))[..24];

    public override string ToString() => Clean;

    /// <summary>Accepts http(s):// and file:// URLs and absolute local paths (tests, local mirrors).</summary>
    public static RepositoryUrl Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        url = url.Trim();
        if (Path.IsPathRooted(url) && !url.Contains("://", StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(url);
            return new RepositoryUrl(full, "file://" + TrimRepositorySuffix(full), null);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl,
                "The repository URL must be an http(s):// or file:// URL (SSH is not supported).");
        }

        GitCredentials? embedded = null;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[..separator]);
            var password = separator < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
            embedded = password.Length > 0 ? GitCredentials.Basic(user.Length > 0 ? user : "git", password)
                : user.Length > 0 ? GitCredentials.OAuthToken(user, "x-access-token")
                : null;
        }

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        var clean = builder.Uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var normalized = $"{uri.Scheme}://{authority.ToLowerInvariant()}{TrimRepositorySuffix(uri.AbsolutePath)}";
        return new RepositoryUrl(clean, normalized, embedded);
    }

    private static string TrimRepositorySuffix(string path)
    {
        path = path.TrimEnd('/');
        return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
    }
}
