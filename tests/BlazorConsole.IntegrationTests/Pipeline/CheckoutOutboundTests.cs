using System.Runtime.Versioning;
using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>
/// The checkout is the last line: a URL stored before local paths were refused, or a server on an address the outbound
/// rules forbid, fails with the reason and is never fetched (no mirror appears).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class CheckoutOutboundTests : IAsyncLifetime, IDisposable
{
    private readonly PipelineTempRoot temp = new();
    private GitSmartHttpServer server = null!;
    private GitTestRepository repo = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(temp.Repos);
        repo = GitTestRepository.Create(temp.Repos, "app");
        repo.WriteFile("README.md", "hello\n").CommitAndPush("first");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task File_urls_and_local_paths_are_refused_before_any_fetch()
    {
        var checkout = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard);

        foreach (var url in new[] { "file://" + repo.BarePath, repo.BarePath, "./" + Path.GetRelativePath(Environment.CurrentDirectory, repo.BarePath) })
        {
            var error = await Assert.ThrowsAsync<GitCheckoutException>(() =>
                checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main")));

            Assert.Equal(GitCheckoutFailure.InvalidUrl, error.Failure);
            Assert.Contains(url.StartsWith("file:", StringComparison.Ordinal) ? "file:// URLs are refused" : "is a local path", error.Message, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(temp.Paths.MirrorsDirectory) && Directory.EnumerateFileSystemEntries(temp.Paths.MirrorsDirectory).Any());
    }

    [Fact]
    public async Task A_loopback_server_is_refused_unless_loopback_is_allowed()
    {
        var strict = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, GuardFrom(new Dictionary<string, string?>()));
        var url = server.UrlFor(repo.Name);

        var error = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            strict.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main")));

        Assert.Equal(GitCheckoutFailure.AddressRefused, error.Failure);
        Assert.StartsWith($"{url} resolves to 127.0.0.1, a loopback address: the console does not connect there (set Outbound:AllowLoopback=true to allow it)",
            error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(strict.MirrorDirectoryFor(url)));

        // The same server, with the override: the check is the only thing that stood in the way.
        var allowed = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, GuardFrom(new Dictionary<string, string?> { ["Outbound:AllowLoopback"] = "true" }));
        var result = await allowed.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main"));
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(result.Directory, "README.md")));
        await allowed.WhenSnapshotsWrittenAsync();
    }

    [Theory]
    [InlineData("ssh://git@127.0.0.1:1/srv/app.git", "127.0.0.1, a loopback address")]
    [InlineData("git@localhost:owner/app.git", "a loopback address")]
    [InlineData("https://169.254.169.254/app.git", "169.254.169.254, a link-local address: the console never connects there")]
    [InlineData("http://outbound-check.localhost:9/app.git", "a loopback address")]
    public async Task Ssh_hosts_and_names_are_checked_too(string url, string reason)
    {
        var strict = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, GuardFrom(new Dictionary<string, string?>()));
        var key = GitCredentials.SshKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", null);

        var error = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            strict.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: key)));

        Assert.Equal(GitCheckoutFailure.AddressRefused, error.Failure);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static OutboundGuard GuardFrom(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddOutboundGuard()
        .BuildServiceProvider()
        .GetRequiredService<OutboundGuard>();
}
