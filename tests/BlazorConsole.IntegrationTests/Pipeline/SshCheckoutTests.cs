using System.Globalization;
using System.Runtime.Versioning;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>
/// Checkout over SSH from a real sshd with a deploy key made by <see cref="SshKeys"/>: the key is refused until the
/// server knows it, the host key is pinned on first use and a changed one fails until it is forgotten, and nothing of
/// the key or of the ssh processes is left behind.
/// </summary>
[UnsupportedOSPlatform("windows")]
[Collection(SshGitServer.TestCollection)]
public sealed class SshCheckoutTests : IAsyncLifetime, IDisposable
{
    private readonly PipelineTempRoot temp = new();
    private SshGitServer server = null!;
    private GitCheckout checkout = null!;
    private SshKeyPair key = null!;

    public async Task InitializeAsync()
    {
        server = await SshGitServer.StartAsync(Path.Combine(temp.Root, "sshd"));
        checkout = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard);
        key = await SshKeys.GenerateAsync(temp.Paths, "blazor-console test deploy key");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => temp.Dispose();

    private (GitTestRepository Repo, string Sha) NewRepository()
    {
        var repo = GitTestRepository.Create(temp.Repos, "app-" + Guid.NewGuid().ToString("N")[..6]);
        repo.WriteFile("README.md", "over ssh\n");
        return (repo, repo.CommitAndPush("first"));
    }

    private GitCredentials Credentials => GitCredentials.SshKey(key.PrivateKey, key.PublicKey);

    [Fact]
    public void A_generated_deploy_key_is_an_ed25519_pair_with_its_fingerprint()
    {
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n", key.PrivateKey, StringComparison.Ordinal);
        Assert.StartsWith("ssh-ed25519 AAAA", key.PublicKey, StringComparison.Ordinal);
        Assert.EndsWith(" blazor-console test deploy key", key.PublicKey, StringComparison.Ordinal);
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", SshKeys.Fingerprint(key.PublicKey)!);
        Assert.DoesNotContain("PRIVATE", key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", Credentials.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(temp.Paths.WorkDirectory));
    }

    [Fact]
    public async Task The_deploy_key_is_refused_until_the_server_knows_it_then_the_commit_is_checked_out_and_the_host_key_pinned()
    {
        var (repo, sha) = NewRepository();
        var url = server.UrlFor(repo.BarePath);

        var firstLines = new List<string>();
        var refused = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials), firstLines.Add));
        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, refused.Failure);
        Assert.Contains("refused the deploy key", refused.Message, StringComparison.Ordinal);
        Assert.Contains(key.PublicKey, refused.Message, StringComparison.Ordinal);

        server.Authorize(key.PublicKey);
        var lines = new List<string>();
        var result = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), CommitSha: sha, Credentials: Credentials), lines.Add);

        Assert.Equal(sha, result.CommitSha);
        Assert.Equal("over ssh\n", File.ReadAllText(Path.Combine(result.Directory, "README.md")));
        Assert.Contains(lines, l => l.StartsWith($"SSH to [127.0.0.1]:{server.Port} with the component's deploy key SHA256:", StringComparison.Ordinal));
        var pinned = Assert.Single(checkout.PinnedHostKeys(url));
        Assert.Equal($"[127.0.0.1]:{server.Port}", pinned.Host);
        Assert.Equal(SshKeys.Fingerprint(server.HostPublicKey), pinned.Fingerprint);
        // ssh pins the host key before it signs in: the refused attempt was the first use.
        Assert.Contains(firstLines, l => l.StartsWith($"Trusted the SSH host key of [127.0.0.1]:{server.Port} on first use (ED25519 {pinned.Fingerprint})", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Trusted", StringComparison.Ordinal));

        // A later push is fetched into the same mirror; nothing of the fetch stays: no key, no setting, no process.
        repo.WriteFile("README.md", "second\n");
        var second = repo.CommitAndPush("second");
        var again = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials));
        Assert.Equal(second, again.CommitSha);
        Assert.False(again.MirrorCreated);
        Assert.DoesNotContain("sshCommand", File.ReadAllText(Path.Combine(again.MirrorDirectory, "config")), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetDirectories(temp.Paths.WorkDirectory, "ssh-*"));
        await checkout.WhenSnapshotsWrittenAsync();
        Assert.Empty(KeyLines().SelectMany(line => PipelineTempRoot.FilesContaining(temp.Paths.DataDirectory, line)));
        Assert.Empty(SshChildren());
    }

    [Fact]
    public async Task A_changed_host_key_fails_clearly_until_the_pinned_one_is_forgotten()
    {
        server.Authorize(key.PublicKey);
        var (repo, _) = NewRepository();
        var url = server.UrlFor(repo.BarePath);
        await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials));

        await server.RestartWithNewHostKeyAsync();
        var changed = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials)));

        Assert.Equal(GitCheckoutFailure.HostKeyChanged, changed.Failure);
        Assert.Contains($"The SSH host key of [127.0.0.1]:{server.Port} has changed", changed.Message, StringComparison.Ordinal);
        Assert.Contains("Forget host key", changed.Message, StringComparison.Ordinal);
        Assert.Contains(checkout.KnownHostsFileFor(url), changed.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(temp.Paths.WorkDirectory, "ssh-*"));

        Assert.True(await checkout.ForgetHostKeysAsync(url));
        Assert.Empty(checkout.PinnedHostKeys(url));
        await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials));
        Assert.Equal(SshKeys.Fingerprint(server.HostPublicKey), Assert.Single(checkout.PinnedHostKeys(url)).Fingerprint);
    }

    [Fact]
    public async Task A_commit_already_in_the_shared_mirror_is_not_handed_to_a_key_the_repository_does_not_accept()
    {
        server.Authorize(key.PublicKey);
        var (repo, sha) = NewRepository();
        var url = server.UrlFor(repo.BarePath);
        await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b"), CommitSha: sha, Credentials: Credentials));

        // Another component of the same URL, with a key the server does not know: the mirror has the commit, but no.
        var stranger = await SshKeys.GenerateAsync(temp.Paths, "stranger");
        var refused = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(url, temp.NewDirectory("b"), CommitSha: sha, Credentials: GitCredentials.SshKey(stranger.PrivateKey, stranger.PublicKey))));
        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, refused.Failure);
        Assert.Contains(stranger.PublicKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_deploy_key_an_unreachable_host_or_a_missing_repository_the_message_says_what_to_do()
    {
        server.Authorize(key.PublicKey);
        var (repo, _) = NewRepository();

        var noKey = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(repo.BarePath), temp.NewDirectory("b"), Ref: "main")));
        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, noKey.Failure);
        Assert.Contains("deploy key", noKey.Message, StringComparison.Ordinal);

        var closedPort = $"ssh://git@127.0.0.1:1{repo.BarePath}";
        var unreachable = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            checkout.CheckoutAsync(new CheckoutRequest(closedPort, temp.NewDirectory("b"), Ref: "main", Credentials: Credentials)));
        Assert.Equal(GitCheckoutFailure.Network, unreachable.Failure);
        Assert.StartsWith("Cannot reach [127.0.0.1]:1 over SSH (", unreachable.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<GitCheckoutException>(() =>
            checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(Path.Combine(temp.Repos, "missing.git")), temp.NewDirectory("b"), Ref: "main", Credentials: Credentials)));
        Assert.Equal(GitCheckoutFailure.RepositoryNotFound, missing.Failure);
        Assert.Empty(SshChildren());
    }

    [Fact]
    public async Task A_pasted_private_key_gives_its_public_key_and_a_passphrase_or_garbage_is_refused()
    {
        Assert.Equal(string.Join(' ', key.PublicKey.Split(' ')[..2]) + " pasted",
            await SshKeys.PublicKeyOfAsync(temp.Paths, key.PrivateKey.Replace("\n", "\r\n", StringComparison.Ordinal), "pasted"));

        var protectedKey = Path.Combine(temp.Root, "with-passphrase");
        using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-f", protectedKey]))
        {
            await keygen.WaitForExitAsync();
        }

        var passphrase = await Assert.ThrowsAsync<SshKeyException>(() => SshKeys.PublicKeyOfAsync(temp.Paths, File.ReadAllText(protectedKey), "x"));
        Assert.Contains("passphrase", passphrase.Message, StringComparison.Ordinal);
        var garbage = await Assert.ThrowsAsync<SshKeyException>(() => SshKeys.PublicKeyOfAsync(temp.Paths, "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----", "x"));
        Assert.StartsWith("That is not an SSH private key", garbage.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(temp.Paths.WorkDirectory));
    }

    /// <summary>The base64 lines of the private key (each long enough to be unique).</summary>
    private IEnumerable<string> KeyLines() =>
        key.PrivateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal));

    /// <summary>ssh processes whose parent is this test process (running or zombies): none once a checkout returned.</summary>
    private static List<string> SshChildren()
    {
        var me = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var children = new List<string>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!name.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == me && stat.Contains("(ssh)", StringComparison.Ordinal))
                {
                    children.Add($"{name} {fields[0]}");
                }
            }
            catch (IOException)
            {
            }
        }

        return children;
    }
}
