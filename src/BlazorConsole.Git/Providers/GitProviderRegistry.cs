using System.Diagnostics.CodeAnalysis;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers.GitHub;
using BlazorConsole.Git.Providers.Gitea;
using BlazorConsole.Git.Providers.Gitee;
using BlazorConsole.Git.Providers.GitLab;
using BlazorConsole.Git.Providers.Gogs;

namespace BlazorConsole.Git.Providers;

/// <summary>
/// The one place that maps a <see cref="GitProviderKind"/>, an API name or a delivery's headers to its
/// <see cref="IGitProvider"/>. Provider knowledge is constant, so <see cref="Default"/> serves pure static code
/// (webhook inspection, validation) and is the same instance the container hands out.
/// </summary>
public sealed class GitProviderRegistry
{
    private readonly Dictionary<GitProviderKind, IGitProvider> byKind;
    private readonly Dictionary<string, IGitProvider> byApiName;

    /// <summary>Tried in this order when identifying a delivery: a provider before those whose headers it also sends.</summary>
    private readonly IReadOnlyList<IGitProvider> detectionOrder;

    public GitProviderRegistry(IEnumerable<IGitProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        byKind = [];
        foreach (var provider in providers)
        {
            if (!byKind.TryAdd(provider.Kind, provider))
            {
                throw new ArgumentException($"Two providers claim {provider.Kind}.", nameof(providers));
            }
        }

        var missing = Enum.GetValues<GitProviderKind>().Where(kind => !byKind.ContainsKey(kind)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"No provider for {string.Join(", ", missing)}.", nameof(providers));
        }

        All = [.. byKind.Values.OrderBy(p => p.Kind)];
        OAuthCapable = [.. All.OfType<IOAuthGitProvider>()];
        byApiName = All.ToDictionary(p => p.ApiName, StringComparer.OrdinalIgnoreCase);
        // Imitation lists are complete (not only direct), so more imitated providers means earlier; ties do not overlap.
        detectionOrder = [.. All.OrderByDescending(p => p.AlsoSendsEventHeadersOf.Count)];
    }

    public static GitProviderRegistry Default { get; } = new(
        [new GitHubProvider(), new GitLabProvider(), new GiteeProvider(), new GiteaProvider(), new GogsProvider()]);

    /// <summary>Every provider, in <see cref="GitProviderKind"/> order.</summary>
    public IReadOnlyList<IGitProvider> All { get; }

    /// <summary>The providers accounts can be bound on, in <see cref="GitProviderKind"/> order (what an OAuth service may be).</summary>
    public IReadOnlyList<IOAuthGitProvider> OAuthCapable { get; }

    public IGitProvider Get(GitProviderKind kind) => byKind.TryGetValue(kind, out var provider)
        ? provider
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown provider kind.");

    /// <summary>The OAuth side of a provider; for stored OAuth services, whose kind was validated as OAuth-capable.</summary>
    public IOAuthGitProvider GetOAuth(GitProviderKind kind) => Get(kind) as IOAuthGitProvider
        ?? throw new ArgumentException($"{Get(kind).DisplayName} has no OAuth support.", nameof(kind));

    public bool TryGetOAuth(GitProviderKind kind, [NotNullWhen(true)] out IOAuthGitProvider? provider)
    {
        provider = byKind.GetValueOrDefault(kind) as IOAuthGitProvider;
        return provider is not null;
    }

    public bool TryGetByApiName(string? apiName, [NotNullWhen(true)] out IGitProvider? provider)
    {
        provider = null;
        return apiName is not null && byApiName.TryGetValue(apiName, out provider);
    }

    /// <summary>
    /// The provider whose event header is present (non-empty), the most specific one when several are, with the
    /// event name; false when no known provider header is present.
    /// </summary>
    public bool TryIdentify(Func<string, string?> header, [NotNullWhen(true)] out IGitProvider? provider, out string eventName)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var candidate in detectionOrder)
        {
            if (header(candidate.EventHeader) is { Length: > 0 } name)
            {
                provider = candidate;
                eventName = name;
                return true;
            }
        }

        provider = null;
        eventName = "";
        return false;
    }

    /// <summary>"X-GitHub-Event, X-Gitlab-Event, ... or X-Gogs-Event": what a delivery without any of them lacks.</summary>
    public string EventHeadersSentence() =>
        string.Join(", ", All.SkipLast(1).Select(p => p.EventHeader)) + " or " + All[^1].EventHeader;
}

public static class OAuthServiceProviders
{
    /// <summary>The provider an OAuth service is for; its kind was validated as OAuth-capable when it was saved.</summary>
    public static IOAuthGitProvider Provider(this OAuthService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return GitProviderRegistry.Default.GetOAuth(service.Type);
    }
}
