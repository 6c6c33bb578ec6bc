using System.Text.RegularExpressions;

namespace BlazorConsole.Web.Features.Components;

/// <summary>Repository addresses a component can build from: http(s), ssh, git, scp-like (<c>git@host:owner/repo.git</c>) and file URLs.</summary>
public static partial class GitUrl
{
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "A Git repository URL is required.";
        }

        url = url.Trim();
        if (url.Length > 2000)
        {
            return "That URL is too long.";
        }

        if (ScpLike().IsMatch(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "ssh" or "git" or "file"))
        {
            return "Use an https://, ssh:// or git@host:owner/repo.git address.";
        }

        // Credentials belong in the username/password fields (encrypted), never in the URL (stored and shown).
        return string.IsNullOrEmpty(uri.UserInfo) || uri.Scheme == "ssh" && !uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? null
            : "Put the username and password in their own fields, not in the URL.";
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
