using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using BlazorConsole.Data.Secrets;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.IntegrationTests.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BlazorConsole.IntegrationTests.Builds.BuildTestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>One console with running workers and one real sshd serving the bare repositories of the test.</summary>
public sealed class SshBuildFixture : IAsyncLifetime
{
    public string Root { get; } = TestDirectories.CreateTraversable("bc-ssh-builds-").FullName;

    public BuildConsoleFactory Console { get; } = new();

    public SshGitServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SshGitServer.StartAsync(Path.Combine(Root, "sshd"));
        await Console.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Console).DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Builds from an SSH repository with the component's deploy key, through the running console and a real sshd: refused
/// with a message that says what to do until the public key (read from the API) is added, then built; a changed host
/// key fails clearly until it is forgotten; the private key is nowhere in plain form.
/// </summary>
[UnsupportedOSPlatform("windows")]
[Collection(SshGitServer.TestCollection)]
public class SshBuildTests(SshBuildFixture fixture) : IClassFixture<SshBuildFixture>
{
    private readonly BuildTestSupport support = new(fixture.Console, server: null, fixture.Root);

    private async Task<(Guid Id, string PublicKey, GitTestRepository Repo)> SshComponentAsync()
    {
        var repo = GitTestRepository.Create(Path.Combine(fixture.Root, "repos"), "app-" + Guid.NewGuid().ToString("N")[..8]);
        repo.WriteFile(StaticSite.Item1, StaticSite.Item2);
        repo.CommitAndPush("Deploy the app");
        var created = await fixture.Console.CreateComponentAsync(new
        {
            name = "s" + Guid.NewGuid().ToString("N")[..10],
            application = "ssh-builds",
            gitUrl = fixture.Server.UrlFor(repo.BarePath),
            branch = "main",
            triggerKeyword = "",
        });

        using var api = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        var view = await (await api.GetAsync($"/api/v1/components/{created.Id}")).ReadJsonAsync();
        var publicKey = view.GetProperty("deployPublicKey").GetString()!;
        Assert.StartsWith("ssh-ed25519 AAAA", publicKey, StringComparison.Ordinal);
        Assert.Equal(BlazorConsole.Pipeline.Checkout.SshKeys.Fingerprint(publicKey), view.GetProperty("deployKeyFingerprint").GetString());
        return (created.Id, publicKey, repo);
    }

    [Fact]
    public async Task The_build_is_refused_until_the_deploy_key_is_added_then_succeeds_and_the_private_key_is_stored_only_encrypted()
    {
        var (id, publicKey, _) = await SshComponentAsync();

        var refused = await support.ManualBuildAsync(id);
        var failed = await support.WaitForStatusAsync(refused);
        var refusedLog = await support.LogAsync(refused);
        Assert.True(Status(failed) == "Failed", $"{failed}\n{refusedLog}");
        Assert.Contains("refused the deploy key", refusedLog, StringComparison.Ordinal);
        Assert.Contains(publicKey, refusedLog, StringComparison.Ordinal);
        var detail = await fixture.Console.WithDbAsync(db => db.Builds.Where(b => b.Id == refused).Select(b => b.StatusDetail).SingleAsync());
        Assert.Contains("refused the deploy key: add this public key", detail, StringComparison.Ordinal);

        fixture.Server.Authorize(publicKey);
        var buildId = await support.ManualBuildAsync(id);
        var build = await support.WaitForStatusAsync(buildId);
        var log = await support.LogAsync(buildId);
        Assert.True(Status(build) == "Succeeded", $"{build}\n{log}\nsshd:\n{fixture.Server.Log}");
        Assert.Contains($"SSH to [127.0.0.1]:{fixture.Server.Port} with the component's deploy key SHA256:", log, StringComparison.Ordinal);
        Assert.Contains("Credentials: the component's SSH deploy key SHA256:", log, StringComparison.Ordinal);
        Assert.Contains($"ssh://{SshGitServer.User}@127.0.0.1:{fixture.Server.Port}/", log, StringComparison.Ordinal); // the login name is no secret

        // The private key: encrypted in the database, in plain form in no file of the data directory and no log.
        var privateKey = await fixture.Console.WithDbAsync(async db =>
        {
            var stored = await db.Components.Where(c => c.Id == id).Select(c => c.DeployKeyPrivateProtected).SingleAsync();
            Assert.DoesNotContain("PRIVATE KEY", stored!, StringComparison.Ordinal);
            return fixture.Console.Services.GetRequiredService<SecretProtector>().Unprotect(stored!);
        });
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", privateKey, StringComparison.Ordinal);
        var keyLines = privateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keyLines);
        await fixture.Console.Services.GetRequiredService<GitCheckout>().WhenSnapshotsWrittenAsync();
        var leaks = keyLines.SelectMany(line => PipelineTempRoot.FilesContaining(fixture.Console.DataDir, line)).Distinct().ToList();
        Assert.True(leaks.Count == 0, "The private key is in: " + string.Join(", ", leaks));
        Assert.DoesNotContain(keyLines, line => log.Contains(line, StringComparison.Ordinal) || refusedLog.Contains(line, StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories(fixture.Console.DataDir, "ssh-*", SearchOption.AllDirectories));

        // Nor does the API show it, anywhere.
        using var api = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        var json = await api.GetStringAsync($"/api/v1/components/{id}");
        Assert.DoesNotContain("PRIVATE", json, StringComparison.Ordinal);
        Assert.DoesNotContain(keyLines[0], json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_host_key_fails_the_build_with_a_clear_message_until_it_is_forgotten()
    {
        var (id, publicKey, _) = await SshComponentAsync();
        fixture.Server.Authorize(publicKey);
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(await support.ManualBuildAsync(id))));

        await fixture.Server.RestartWithNewHostKeyAsync();
        var changed = await support.ManualBuildAsync(id);
        Assert.Equal("Failed", Status(await support.WaitForStatusAsync(changed)));
        var detail = await fixture.Console.WithDbAsync(db => db.Builds.Where(b => b.Id == changed).Select(b => b.StatusDetail).SingleAsync());
        Assert.Contains($"The SSH host key of [127.0.0.1]:{fixture.Server.Port} has changed", detail, StringComparison.Ordinal);
        Assert.Contains("Forget host key", detail, StringComparison.Ordinal);

        using var api = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        var forgot = await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { forgetHostKey = true });
        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        var build = await support.ManualBuildAsync(id);
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(build)));
        Assert.Contains("Trusted the SSH host key of", await support.LogAsync(build), StringComparison.Ordinal);
        var audit = await fixture.Console.WithDbAsync(db => db.AuditEntries.Where(e => e.Target!.Contains(id.ToString())).Select(e => e.Detail).ToListAsync());
        Assert.Contains("pinned SSH host key forgotten", audit);
    }

    [Fact]
    public async Task Regenerating_the_deploy_key_retires_the_old_one()
    {
        var (id, oldKey, _) = await SshComponentAsync();
        fixture.Server.Authorize(oldKey);

        using var api = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken);
        var regenerated = await (await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { regenerateDeployKey = true })).ReadJsonAsync();
        var newKey = regenerated.GetProperty("deployPublicKey").GetString()!;
        Assert.NotEqual(oldKey, newKey);

        var refused = await support.ManualBuildAsync(id);
        Assert.Equal("Failed", Status(await support.WaitForStatusAsync(refused)));
        Assert.Contains(newKey, await support.LogAsync(refused), StringComparison.Ordinal);

        fixture.Server.Authorize(newKey);
        Assert.Equal("Succeeded", Status(await support.WaitForStatusAsync(await support.ManualBuildAsync(id))));
    }
}
