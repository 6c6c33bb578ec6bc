using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Application.Components;

/// <summary>
/// Repository addresses a component can build from: https, http, ssh and scp-like (<c>git@host:owner/repo.git</c>).
/// Which schemes and paths are accepted is decided by <see cref="RepositoryUrl.Parse"/>, so the form, the API and the
/// checkout refuse the same addresses with the same reason.
/// </summary>
public static class GitUrl
{
    /// <summary>The address's form only (no outbound rules): null when it is fine, else the reason.</summary>
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

        try
        {
            _ = RepositoryUrl.Parse(url);
        }
        catch (GitCheckoutException ex)
        {
            return ex.Message;
        }

        // Credentials belong in the username/password fields (encrypted), never in the URL (stored and shown).
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            && !(uri.Scheme is "ssh" or "git+ssh" && !uri.UserInfo.Contains(':', StringComparison.Ordinal)))
        {
            return uri.Scheme is "ssh" or "git+ssh"
                ? "An SSH address takes no password: the console signs in with the component's deploy key."
                : "Put the username and password in their own fields, not in the URL.";
        }

        return null;
    }

    /// <summary>
    /// The form, then the outbound rules for a host that needs no lookup (an IP address, a <c>localhost</c> name):
    /// <c>https://169.254.169.254/x.git</c> is refused as it is typed. Names are checked when the checkout resolves them.
    /// </summary>
    public static string? Validate(string? url, OutboundGuard outbound)
    {
        ArgumentNullException.ThrowIfNull(outbound);
        if (Validate(url) is { } problem)
        {
            return problem;
        }

        var host = RepositoryUrl.Parse(url!).ServerHost;
        return outbound.DecideWithoutLookup(host) is { Allowed: false } refused
            ? $"The repository's server {host} is {OutboundAddressClassifier.Describe(refused.Kind)} ({refused.Address}): {refused.Reason}."
            : null;
    }
}
