using System.Text.Json;
using System.Text.Json.Serialization;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.TestSupport;
using BlazorConsole.UnitTests.Git.Webhooks;

namespace BlazorConsole.UnitTests.Git;

/// <summary>The registry is the only map from a kind, an API name or a delivery's headers to a provider.</summary>
public class GitProviderRegistryTests
{
    private static readonly GitProviderRegistry Registry = GitProviderRegistry.Default;

    public static IEnumerable<object[]> Kinds => Enum.GetValues<GitProviderKind>().Select(kind => new object[] { kind });

    public static IEnumerable<object[]> Deliveries => ProviderFixtures.Deliveries("github", "gitlab", "gitee", "gitea", "gogs");

    public static IEnumerable<object[]> UnsupportedDeliveries => ProviderFixtures.Deliveries("bitbucket", "stash");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_exactly_one_provider(GitProviderKind kind)
    {
        Assert.Equal(kind, Registry.Get(kind).Kind);
        Assert.Single(Registry.All, provider => provider.Kind == kind);
    }

    [Fact]
    public void All_lists_the_providers_in_kind_order()
    {
        Assert.Equal(Enum.GetValues<GitProviderKind>(), Registry.All.Select(p => p.Kind));
    }

    [Fact]
    public void A_registry_refuses_a_missing_or_a_doubled_kind()
    {
        var all = Registry.All;
        Assert.Throws<ArgumentException>(() => new GitProviderRegistry(all.Where(p => p.Kind != GitProviderKind.Gitee)));
        Assert.Throws<ArgumentException>(() => new GitProviderRegistry([.. all, Registry.Get(GitProviderKind.GitHub)]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Api_names_round_trip_and_are_the_json_names(GitProviderKind kind)
    {
        var provider = Registry.Get(kind);

        Assert.True(Registry.TryGetByApiName(provider.ApiName, out var found));
        Assert.Same(provider, found);
        Assert.True(Registry.TryGetByApiName(provider.ApiName.ToUpperInvariant(), out found));
        Assert.Same(provider, found);

        // The API spells kinds with their api name: JSON must stay the same strings.
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
        Assert.Equal($"\"{provider.ApiName}\"", JsonSerializer.Serialize(kind, json));
        Assert.Equal(kind, JsonSerializer.Deserialize<GitProviderKind>($"\"{provider.ApiName}\"", json));
    }

    [Fact]
    public void Unknown_api_names_are_not_found()
    {
        Assert.False(Registry.TryGetByApiName("bitbucket", out _));
        Assert.False(Registry.TryGetByApiName("", out _));
        Assert.False(Registry.TryGetByApiName(null, out _));
    }

    [Fact]
    public void Stored_values_keep_their_numbers_and_names()
    {
        // OAuth services store the member name; numbers must not shift either (Gogs was appended).
        Assert.Equal(
            [(0, "GitHub"), (1, "GitLab"), (2, "Gitee"), (3, "Gitea"), (4, "Gogs")],
            Enum.GetValues<GitProviderKind>().Select(kind => ((int)kind, kind.ToString())));
    }

    [Fact]
    public void Gogs_receives_webhooks_but_is_not_OAuth_capable()
    {
        var gogs = Registry.Get(GitProviderKind.Gogs);

        Assert.False(gogs.SupportsOAuth);
        Assert.False(Registry.TryGetOAuth(GitProviderKind.Gogs, out _));
        Assert.Throws<ArgumentException>(() => Registry.GetOAuth(GitProviderKind.Gogs));
        Assert.Equal(
            [GitProviderKind.GitHub, GitProviderKind.GitLab, GitProviderKind.Gitee, GitProviderKind.Gitea],
            Registry.OAuthCapable.Select(p => p.Kind));
        Assert.All(Registry.OAuthCapable, provider => Assert.True(provider.SupportsOAuth));
    }

    [Theory]
    [MemberData(nameof(Deliveries))]
    public void Headers_identify_the_provider_of_each_recorded_delivery(string providerFolder, string name)
    {
        var (request, meta) = RecordedDeliveryTests.Load(providerFolder, name);

        Assert.True(Registry.TryIdentify(request.Header, out var provider, out var eventName));
        Assert.Equal(providerFolder, provider.ApiName);
        Assert.Equal(meta.GetProperty("event").GetString(), eventName);
    }

    [Theory]
    [MemberData(nameof(UnsupportedDeliveries))]
    public void Headers_of_other_providers_identify_none(string providerFolder, string name)
    {
        var (request, _) = RecordedDeliveryTests.Load(providerFolder, name);

        Assert.False(Registry.TryIdentify(request.Header, out _, out _));
    }

    [Fact]
    public void An_empty_event_header_does_not_count()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Gitea-Event"] = "", ["X-GitHub-Event"] = "push" };

        Assert.True(Registry.TryIdentify(h => headers.GetValueOrDefault(h), out var provider, out _));
        Assert.Equal(GitProviderKind.GitHub, provider.Kind);
    }
}
