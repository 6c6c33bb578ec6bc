using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Features.Components;

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
    [InlineData("file:///srv/git/a.git")]
    [InlineData("/srv/git/a.git")]
    public void Http_file_and_local_addresses_are_not_ssh(string input)
    {
        Assert.False(RepositoryUrl.Parse(input).IsSsh);
        Assert.False(RepositoryUrl.LooksLikeSsh(input));
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
    [InlineData("ftp://host.test/a.git", "must be")]
    [InlineData("git://host.test/a.git", "must be")]
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
