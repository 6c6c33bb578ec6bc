namespace BlazorConsole.Git.Outbound;

/// <summary>
/// Which addresses the console may connect to on a user's behalf (OAuth token and API URLs, webhooks, commit statuses,
/// Git fetches). Section <c>Outbound</c>. Link-local (cloud metadata services), unspecified, multicast and reserved
/// addresses are always refused; these two switches govern the rest.
/// </summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>
    /// Loopback (127.0.0.0/8, ::1): off by default, because a URL typed by any user would otherwise reach the console's
    /// own machine (its database, its admin ports). Turn on for a provider that runs on the same host (and in tests).
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): on by default, since self-hosted Git servers
    /// usually live there. Turn off when the console only talks to public providers.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; } = true;
}
