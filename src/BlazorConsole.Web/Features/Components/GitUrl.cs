using System.Text.RegularExpressions;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Web.Features.Components;

/// <summary>Repository addresses a component can build from: http(s), ssh, scp-like (<c>git@host:owner/repo.git</c>) and file URLs.</summary>
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
            return CheckoutProblem(url);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "ssh" or "file"))
        {
            return uri?.Scheme == "git"
                ? "git:// is neither authenticated nor encrypted: use the repository's https:// or SSH address."
                : "Use an https://, ssh:// or git@host:owner/repo.git address.";
        }

        // Credentials belong in the username/password fields (encrypted), never in the URL (stored and shown).
        if (!string.IsNullOrEmpty(uri.UserInfo) && !(uri.Scheme == "ssh" && !uri.UserInfo.Contains(':', StringComparison.Ordinal)))
        {
            return uri.Scheme == "ssh"
                ? "An SSH address takes no password: the console signs in with the component's deploy key."
                : "Put the username and password in their own fields, not in the URL.";
        }

        return uri.Scheme == "ssh" ? CheckoutProblem(url) : null;
    }

    /// <summary>What the checkout would refuse in an SSH address (an option-like host or user, no path), said now rather than at the first build.</summary>
    private static string? CheckoutProblem(string url)
    {
        try
        {
            _ = RepositoryUrl.Parse(url);
            return null;
        }
        catch (GitCheckoutException ex)
        {
            return ex.Message;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._/~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
