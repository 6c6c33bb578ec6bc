using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// A repository URL without credentials. A URL typed with <c>user:password@</c> is split: the credentials are taken
/// out (see <see cref="EmbeddedCredentials"/>) so that they are never written to a mirror's config or shown.
/// SSH addresses (<c>ssh://git@host[:port]/path</c> and scp-like <c>git@host:owner/repo.git</c>) keep their user: it is
/// the account the server logs in as (<c>git</c>), not a secret; they authenticate with a key, never a password.
/// Only network addresses are accepted (https, http, ssh, scp-like): file:// URLs and local paths would let anyone who
/// may create a component make the console read its own files (its database, keys, other teams' mirrors) as a repository.
/// </summary>
public sealed partial class RepositoryUrl
{
    /// <summary>What every refusal of a scheme or path begins with: the forms that are accepted.</summary>
    private const string AcceptedForms = "The repository URL must be an https://, http://, ssh:// or git@host:owner/repo.git address";

    private RepositoryUrl(string clean, string normalized, GitCredentials? embedded, string serverHost, bool isSsh = false, string? host = null, int? port = null)
    {
        ServerHost = serverHost;
        Clean = clean;
        Normalized = normalized;
        EmbeddedCredentials = embedded;
        IsSsh = isSsh;
        Host = host;
        Port = port;
    }

    /// <summary>The URL as Git uses it, without a password (an SSH user stays).</summary>
    public string Clean { get; }

    /// <summary>Lower-case scheme and host, no default port, no trailing '/' or '.git': one mirror per repository.</summary>
    public string Normalized { get; }

    public GitCredentials? EmbeddedCredentials { get; }

    /// <summary>Reached with the OpenSSH client and a key (ssh:// or scp-like).</summary>
    public bool IsSsh { get; }

    /// <summary>The server's host name (SSH addresses; null for others).</summary>
    public string? Host { get; }

    /// <summary>The host the checkout connects to, for every kind of address (IPv6 literals in brackets).</summary>
    public string ServerHost { get; }

    /// <summary>The SSH port when one is given (null = 22).</summary>
    public int? Port { get; }

    /// <summary>The server as SSH names it in known_hosts and messages: <c>host</c> or <c>[host]:port</c>.</summary>
    public string? HostDisplay => Host is null ? null : Port is { } port and not 22 ? $"[{Host}]:{port}" : Host;

    /// <summary>A stable directory name for the repository's mirror (hash of <see cref="Normalized"/>).</summary>
    public string MirrorName => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalized)))[..24];

    public override string ToString() => Clean;

    /// <summary>True for ssh:// and scp-like (<c>user@host:path</c>) addresses; does not validate them.</summary>
    public static bool LooksLikeSsh(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        url = url.Trim();
        return url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase)
            || ScpLike().IsMatch(url);
    }

    /// <summary>
    /// Accepts https://, http://, ssh:// (git+ssh://) and scp-like addresses. Refuses, with the reason, file:// URLs,
    /// local paths (<c>/srv/x</c>, <c>./x</c>, <c>C:\x</c>, <c>x</c>), git:// and every other scheme.
    /// </summary>
    /// <exception cref="GitCheckoutException">With <see cref="GitCheckoutFailure.InvalidUrl"/> and the reason.</exception>
    public static RepositoryUrl Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        url = url.Trim();

        // The URL is never repeated in these messages: a mistyped one may hold a password.
        // Before the scp-like form: git itself reads "C:\x" and "./a:b" as local paths, and so must this check.
        if (LooksLikeLocalPath(url))
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl,
                $"{AcceptedForms}: this is a local path, and the console fetches only from Git servers (local paths and file:// URLs would expose the console's own files).");
        }

        if (ScpLike().Match(url) is { Success: true } scp)
        {
            return ParseScpLike(scp);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ssh" or "git+ssh"))
        {
            var scheme = url.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? url[..end].ToLowerInvariant() : null;
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl, scheme switch
            {
                "file" => $"{AcceptedForms}: file:// URLs are refused, they would expose the console's own files.",
                "git" => $"{AcceptedForms}: git:// is neither authenticated nor encrypted, use the repository's https:// or SSH address.",
                null => $"{AcceptedForms}: this one names no server.",
                _ => $"{AcceptedForms}: {scheme}:// is not supported.",
            });
        }

        if (uri.Host.Length == 0)
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl, $"{AcceptedForms}: this one names no server.");
        }

        if (uri.Scheme is "ssh" or "git+ssh")
        {
            return ParseSsh(uri);
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
        return new RepositoryUrl(clean, normalized, embedded, uri.Host);
    }

    private static RepositoryUrl ParseSsh(Uri uri)
    {
        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl,
                "An SSH URL takes no password: the console signs in with the component's deploy key.");
        }

        var user = Uri.UnescapeDataString(uri.UserInfo);
        var host = uri.Host;
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        ValidateSshParts(user, host, path);
        int? port = uri.Port is > 0 and not 22 ? uri.Port : null;
        var userPart = user.Length > 0 ? user + "@" : "";
        var portPart = port is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var clean = $"ssh://{userPart}{host}{portPart}{uri.AbsolutePath}";
        var normalized = $"ssh://{userPart}{host.ToLowerInvariant()}{portPart}{TrimRepositorySuffix(path)}";
        return new RepositoryUrl(clean, normalized, null, host, isSsh: true, host, port);
    }

    private static RepositoryUrl ParseScpLike(Match scp)
    {
        var user = scp.Groups["user"].Value;
        var host = scp.Groups["host"].Value;
        var path = scp.Groups["path"].Value;
        ValidateSshParts(user, host, path);
        var userPart = user.Length > 0 ? user + "@" : "";
        // scp-like paths are relative to the account's home (host:owner/repo), unlike ssh://host/owner/repo: kept apart.
        var normalized = $"{userPart}{host.ToLowerInvariant()}:{TrimRepositorySuffix(path)}";
        return new RepositoryUrl($"{userPart}{host}:{path}", normalized, null, host, isSsh: true, host);
    }

    private static void ValidateSshParts(string user, string host, string path)
    {
        // Like git: nothing that ssh could read as an option (ssh -oProxyCommand=... through a crafted URL).
        if (user.StartsWith('-') || host.StartsWith('-') || path.StartsWith('-') || host.Length == 0
            || user.Any(char.IsControl) || path.Any(char.IsControl) || user.Contains(' ', StringComparison.Ordinal))
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl, "That SSH address is not valid: give ssh://git@host/owner/repo.git or git@host:owner/repo.git.");
        }

        if (path.Trim('/').Length == 0)
        {
            throw new GitCheckoutException(GitCheckoutFailure.InvalidUrl, "The SSH address names no repository path (ssh://git@host/owner/repo.git or git@host:owner/repo.git).");
        }
    }

    /// <summary>
    /// A path on the console's machine rather than an address: rooted (<c>/srv/x</c>, <c>\\share\x</c>), relative
    /// (<c>./x</c>, <c>../x</c>, <c>~/x</c>), a Windows drive (<c>C:\x</c>, <c>C:/x</c>), or a bare name without a scheme or
    /// a <c>host:</c> (<c>x</c>, <c>repo.git</c>).
    /// </summary>
    private static bool LooksLikeLocalPath(string url)
    {
        if (url.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        return url[0] is '/' or '\\' or '.' or '~'
            || (url.Length >= 2 && char.IsAsciiLetter(url[0]) && url[1] == ':' && (url.Length == 2 || url[2] is '\\' or '/'))
            || !ScpLike().IsMatch(url);
    }

    private static string TrimRepositorySuffix(string path)
    {
        path = path.TrimEnd('/');
        return path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
    }

    /// <summary><c>[user@]host:path</c> as git reads it: no scheme, and the host part has no '/' before the ':'.</summary>
    [GeneratedRegex(@"^(?:(?<user>[A-Za-z0-9._~-]+)@)?(?<host>[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):(?<path>(?!//)[^\s]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
