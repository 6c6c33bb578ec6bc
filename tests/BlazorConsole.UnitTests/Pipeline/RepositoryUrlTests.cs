using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Components;

namespace BlazorConsole.UnitTests.Pipeline;

/// <summary>Repository addresses as the checkout reads them: HTTP(S) unchanged, SSH (ssh:// and scp-like) with their user kept.</summary>
public class RepositoryUrlTests
{
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF4E9BKVNuM02Iw3/pHKOxE8eytG43e1/AA4jprubwfn deploy";

    [Theory]
    [InlineData("git@github.com:owner/repo.git", "git@github.com:owner/repo.git", "git@github.com:owner/repo", "github.com", null)]
    [InlineData("  git@GitHub.com:Owner/Repo.git/ ", "git@GitHub.com:Owner/Repo.git/", "git@github.com:Owner/Repo", "GitHub.com", null)]
    [InlineData("github.com:owner/repo", "github.com:owner/repo", "github.com:owner/repo", "github.com", null)]
    [InlineData("ssh://git@github.com/owner/repo.git", "ssh://git@github.com/owner/repo.git", "ssh://git@github.com/owner/repo", "github.com", null)]
    [InlineData("ssh://git@GitLab.example.test:22/group/app.git", "ssh://git@gitlab.example.test/group/app.git", "ssh://git@gitlab.example.test/group/app", "gitlab.example.test", null)]
    [InlineData("ssh://git@127.0.0.1:2222/srv/git/app.git", "ssh://git@127.0.0.1:2222/srv/git/app.git", "ssh://git@127.0.0.1:2222/srv/git/app", "127.0.0.1", 2222)]
    [InlineData("ssh://host.example.test/app.git", "ssh://host.example.test/app.git", "ssh://host.example.test/app", "host.example.test", null)]
    [InlineData("git+ssh://git@host.example.test/app.git", "ssh://git@host.example.test/app.git", "ssh://git@host.example.test/app", "host.example.test", null)]
    public void Ssh_and_scp_like_addresses_keep_their_user_and_get_one_mirror_name(string input, string clean, string normalized, string host, int? port)
    {
        var url = RepositoryUrl.Parse(input);

        Assert.True(url.IsSsh);
        Assert.True(RepositoryUrl.LooksLikeSsh(input));
        Assert.Equal(clean, url.Clean);
        Assert.Equal(normalized, url.Normalized);
        Assert.Equal(host, url.Host, ignoreCase: true);
        Assert.Equal(port, url.Port);
        Assert.Null(url.EmbeddedCredentials);
        Assert.Matches("^[0-9a-f]{24}$", url.MirrorName);
    }

    [Fact]
    public void The_same_repository_written_differently_shares_a_mirror_but_scp_and_ssh_paths_are_kept_apart()
    {
        Assert.Equal(RepositoryUrl.Parse("git@github.com:owner/repo.git").MirrorName, RepositoryUrl.Parse("git@GITHUB.com:owner/repo").MirrorName);
        Assert.Equal(RepositoryUrl.Parse("ssh://git@h.test:22/a/b.git").MirrorName, RepositoryUrl.Parse("ssh://git@h.test/a/b").MirrorName);
        // host:path is relative to the account's home, ssh://host/path is absolute: not the same repository on every server.
        Assert.NotEqual(RepositoryUrl.Parse("git@h.test:a/b.git").MirrorName, RepositoryUrl.Parse("ssh://git@h.test/a/b.git").MirrorName);
        Assert.NotEqual(RepositoryUrl.Parse("git@h.test:a/b.git").MirrorName, RepositoryUrl.Parse("deploy@h.test:a/b.git").MirrorName);
        Assert.NotEqual(RepositoryUrl.Parse("ssh://git@h.test:2222/a/b").MirrorName, RepositoryUrl.Parse("ssh://git@h.test/a/b").MirrorName);
    }

    [Fact]
    public void The_host_is_named_as_ssh_names_it_in_known_hosts()
    {
        Assert.Equal("github.com", RepositoryUrl.Parse("git@github.com:o/r.git").HostDisplay);
        Assert.Equal("[127.0.0.1]:2222", RepositoryUrl.Parse("ssh://git@127.0.0.1:2222/r.git").HostDisplay);
        Assert.Null(RepositoryUrl.Parse("https://github.com/o/r.git").HostDisplay);
    }

    [Theory]
    [InlineData("https://github.com/owner/repo.git")]
    [InlineData("http://user:pw@git.example.test/a.git")]
    [InlineData("https://[2001:db8::1]/a.git")]
    public void Http_addresses_are_not_ssh(string input)
    {
        Assert.False(RepositoryUrl.Parse(input).IsSsh);
        Assert.False(RepositoryUrl.LooksLikeSsh(input));
    }

    [Theory]
    [InlineData("https://github.com/owner/repo.git", "github.com")]
    [InlineData("http://git.internal.example:8080/team/app.git", "git.internal.example")]
    [InlineData("https://10.0.0.5/app.git", "10.0.0.5")]
    [InlineData("https://[2001:db8::1]/app.git", "[2001:db8::1]")]
    [InlineData("ssh://git@gitlab.example.test:2222/group/app.git", "gitlab.example.test")]
    [InlineData("git+ssh://git@host.example.test/app.git", "host.example.test")]
    [InlineData("git@github.com:owner/repo.git", "github.com")]
    public void Every_accepted_form_names_the_server_the_checkout_connects_to(string input, string host)
    {
        Assert.Equal(host, RepositoryUrl.Parse(input).ServerHost);
        Assert.Null(GitUrl.Validate(input));
    }

    [Fact]
    public void Http_addresses_are_read_as_before()
    {
        var url = RepositoryUrl.Parse("https://bot:pa%24s@GitHub.com:443/Owner/Repo.git/");
        Assert.Equal("https://github.com/Owner/Repo.git/", url.Clean);
        Assert.Equal("https://github.com/Owner/Repo", url.Normalized);
        Assert.Equal("bot", url.EmbeddedCredentials!.Username);
        Assert.Equal("pa$s", url.EmbeddedCredentials.Password);
    }

    [Theory]
    [InlineData("ssh://git:secret@host.test/a.git", "takes no password")]
    [InlineData("ssh://-oProxyCommand=x@host.test/a.git", "not valid")]
    [InlineData("-oProxyCommand=x@host.test:a.git", "must be")]
    [InlineData("git@host.test:-upload-pack=x", "not valid")]
    [InlineData("ssh://git@host.test/", "names no repository path")]
    [InlineData("ftp://host.test/a.git", "ftp:// is not supported")]
    [InlineData("git://host.test/a.git", "git:// is neither authenticated nor encrypted")]
    [InlineData("file:///srv/git/a.git", "file:// URLs are refused")]
    [InlineData("FILE:///tmp/data/mirrors/x", "file:// URLs are refused")]
    [InlineData("/srv/git/a.git", "is a local path")]
    [InlineData("./repo.git", "is a local path")]
    [InlineData("../other/repo.git", "is a local path")]
    [InlineData("~/repo.git", "is a local path")]
    [InlineData("C:\\repos\\a.git", "is a local path")]
    [InlineData("C:/repos/a.git", "is a local path")]
    [InlineData("\\\\server\\share\\a.git", "is a local path")]
    [InlineData("repo.git", "is a local path")]
    [InlineData("x", "is a local path")]
    [InlineData("javascript://host.test/a", "javascript:// is not supported")]
    public void Addresses_the_checkout_cannot_use_are_refused_with_a_reason(string input, string reason)
    {
        var ex = Assert.Throws<GitCheckoutException>(() => RepositoryUrl.Parse(input));
        Assert.Equal(GitCheckoutFailure.InvalidUrl, ex.Failure);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("git@github.com:owner/repo.git", null)]
    [InlineData("ssh://git@github.com/owner/repo.git", null)]
    [InlineData("ssh://git:pw@github.com/owner/repo.git", "takes no password")]
    [InlineData("ssh://git@github.com/", "names no repository path")]
    [InlineData("https://github.com/owner/repo.git", null)]
    [InlineData("git://github.com/owner/repo.git", "neither authenticated nor encrypted")]
    [InlineData("file:///srv/git/a.git", "file:// URLs are refused")]
    [InlineData("/srv/git/a.git", "is a local path")]
    [InlineData("C:\\x", "is a local path")]
    [InlineData("https://bot:secret@github.com/owner/repo.git", "in their own fields")]
    public void The_create_form_checks_ssh_addresses_as_the_checkout_will(string input, string? problem)
    {
        var result = GitUrl.Validate(input);
        if (problem is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(problem, result, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://127.0.0.1:5432/x.git", "127.0.0.1 is a loopback address (127.0.0.1): the console does not connect there (set Outbound:AllowLoopback=true to allow it).")]
    [InlineData("http://localhost/x.git", "localhost is a loopback address")]
    [InlineData("git@[::1]:owner/x.git", "a loopback address (::1)")]
    [InlineData("https://169.254.169.254/latest/x.git", "169.254.169.254 is a link-local address (169.254.169.254): the console never connects there")]
    [InlineData("ssh://git@0.0.0.0/x.git", "an unspecified address")]
    [InlineData("https://[::ffff:127.0.0.1]/x.git", "a loopback address (::ffff:127.0.0.1)")]
    public void The_create_form_refuses_addresses_the_console_does_not_connect_to(string input, string reason)
    {
        Assert.Contains(reason, GitUrl.Validate(input, DefaultGuard()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://10.1.2.3/x.git")]
    [InlineData("https://github.com/owner/repo.git")] // a name: decided when the checkout resolves it
    [InlineData("git@192.168.1.20:owner/repo.git")]
    public void The_create_form_accepts_private_addresses_and_names_by_default(string input)
    {
        Assert.Null(GitUrl.Validate(input, DefaultGuard()));
    }

    [Fact]
    public void Loopback_repositories_are_accepted_where_loopback_is_allowed()
    {
        Assert.Null(GitUrl.Validate("http://127.0.0.1:8080/x.git", LoopbackOutbound.Guard));
        Assert.Contains("link-local", GitUrl.Validate("http://169.254.169.254/x.git", LoopbackOutbound.Guard), StringComparison.Ordinal);
    }

    /// <summary>The guard as the console builds it from an empty configuration: its defaults.</summary>
    private static OutboundGuard DefaultGuard() => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddOutboundGuard()
        .BuildServiceProvider()
        .GetRequiredService<OutboundGuard>();

    [Fact]
    public void Fingerprints_are_the_ones_ssh_keygen_shows()
    {
        Assert.Equal("SHA256:emlCKCCCcLer9h4idZqArNG6ZtdaUbea4wrkYqcYIc0", SshKeys.Fingerprint(PublicKey));
        Assert.Equal("ssh-ed25519", SshKeys.KeyType(PublicKey));
        Assert.Null(SshKeys.Fingerprint("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIF4E9BKVNuM02Iw3/pHKOxE8eytG43e1/AA4jprubwfn")); // type and blob disagree
        Assert.Null(SshKeys.Fingerprint("not a key"));
        Assert.Null(SshKeys.Fingerprint(null));
    }

    [Fact]
    public void Pinned_host_keys_are_read_from_known_hosts_lines()
    {
        var keys = PinnedHostKey.Parse(["# comment", "[127.0.0.1]:2222 " + PublicKey.Replace(" deploy", "", StringComparison.Ordinal), "|1|abc=|def= " + PublicKey, "garbage"]);

        Assert.Equal(2, keys.Count);
        Assert.Equal(new PinnedHostKey("[127.0.0.1]:2222", "ED25519", "SHA256:emlCKCCCcLer9h4idZqArNG6ZtdaUbea4wrkYqcYIc0"), keys[0]);
        Assert.Equal("(hashed host name)", keys[1].Host);
    }

    [Fact]
    public void An_ssh_key_credential_never_shows_its_private_key()
    {
        var privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\r\n-----END OPENSSH PRIVATE KEY-----";
        var credentials = GitCredentials.SshKey(privateKey, PublicKey);

        Assert.Equal(GitCredentialKind.SshKey, credentials.Kind);
        Assert.Equal("ssh key SHA256:emlCKCCCcLer9h4idZqArNG6ZtdaUbea4wrkYqcYIc0", credentials.ToString());
        Assert.EndsWith("-----END OPENSSH PRIVATE KEY-----\n", credentials.SshPrivateKey, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', credentials.SshPrivateKey!);
        Assert.Equal("ssh key ***", GitCredentials.SshKey(privateKey).ToString());
        Assert.DoesNotContain("PRIVATE", new SshKeyPair(privateKey, PublicKey).ToString(), StringComparison.Ordinal);

        // A line of the key in a build log is masked; the ssh login name in a URL is not a secret and stays.
        var redactor = SecretRedactor.For(credentials);
        Assert.Equal("leaked ***", redactor.Redact("leaked b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"));
        Assert.Equal("Cloning ssh://git@h.test/a.git", redactor.Redact("Cloning ssh://git@h.test/a.git"));
        Assert.Equal("see ssh://***@h.test/a.git", redactor.Redact("see ssh://git:pw@h.test/a.git"));
        Assert.Equal("Og== stays", redactor.Redact("Og== stays")); // no empty user:password pair to look for
    }
}
