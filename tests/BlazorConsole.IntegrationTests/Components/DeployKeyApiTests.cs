using System.Net;
using System.Net.Http.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.IntegrationTests.Components;

/// <summary>The deploy key through the API: made for SSH addresses only, public half shown, private half never; regenerate and paste.</summary>
public class DeployKeyApiTests(KestrelConsoleFactory factory) : IClassFixture<KestrelConsoleFactory>
{
    [Theory]
    [InlineData("git@github.com:octocat/hello.git")]
    [InlineData("ssh://git@gitlab.example.test:2222/group/app.git")]
    public async Task An_ssh_component_gets_a_deploy_key_whose_public_half_is_shown_and_whose_private_half_is_not(string gitUrl)
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var created = await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name = "k" + Guid.NewGuid().ToString("N")[..8], application = "keys", gitUrl, branch = "main" });
        var body = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());

        var publicKey = body.GetProperty("deployPublicKey").GetString()!;
        Assert.Matches("^ssh-ed25519 AAAA[A-Za-z0-9+/]+=* blazor-console k[0-9a-f]{8}$", publicKey);
        Assert.StartsWith("SHA256:", body.GetProperty("deployKeyFingerprint").GetString(), StringComparison.Ordinal);
        Assert.Equal(gitUrl, body.GetProperty("gitUrl").GetString());

        var read = await api.GetStringAsync($"/api/v1/components/{body.GetProperty("id").GetString()}");
        Assert.Contains(publicKey, read, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", read, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_https_component_has_no_deploy_key_and_cannot_be_given_one()
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var created = await (await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name = "h" + Guid.NewGuid().ToString("N")[..8], application = "keys", gitUrl = "https://git.example.test/a/b.git", branch = "main" })).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("deployPublicKey").ValueKind);

        var refused = await api.PatchAsJsonAsync($"/api/v1/components/{created.GetProperty("id").GetString()}/build-source", new { regenerateDeployKey = true });
        Assert.False(refused.IsSuccessStatusCode);
        Assert.Contains("only used for SSH repositories", (await refused.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regenerating_changes_the_key_and_a_pasted_private_key_is_used_with_its_own_public_half()
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var created = await (await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name = "r" + Guid.NewGuid().ToString("N")[..8], application = "keys", gitUrl = "git@git.example.test:a/b.git", branch = "main" })).ReadJsonAsync();
        var id = created.GetProperty("id").GetString();
        var first = created.GetProperty("deployPublicKey").GetString();

        var regenerated = await (await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { regenerateDeployKey = true })).ReadJsonAsync();
        Assert.NotEqual(first, regenerated.GetProperty("deployPublicKey").GetString());

        var own = await SshKeys.GenerateAsync(new BlazorConsole.Pipeline.PipelinePaths(Path.Combine(factory.DataDir, "test-keys")), "mine");
        var pasted = await (await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { deployPrivateKey = own.PrivateKey })).ReadJsonAsync();
        Assert.Equal(SshKeys.Fingerprint(own.PublicKey), pasted.GetProperty("deployKeyFingerprint").GetString());
        Assert.DoesNotContain("PRIVATE", pasted.ToString(), StringComparison.Ordinal);

        var garbage = await api.PatchAsJsonAsync($"/api/v1/components/{id}/build-source", new { deployPrivateKey = "not a key" });
        Assert.False(garbage.IsSuccessStatusCode);
        Assert.StartsWith("That is not an SSH private key", (await garbage.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(SshKeys.Fingerprint(own.PublicKey), (await (await api.GetAsync($"/api/v1/components/{id}")).ReadJsonAsync()).GetProperty("deployKeyFingerprint").GetString());
    }

    [Theory]
    [InlineData("ssh://git:secret@git.example.test/a.git", "takes no password")]
    [InlineData("ssh://-oProxyCommand=touch%20x@git.example.test/a.git", "not valid")]
    [InlineData("ssh://git@git.example.test/", "names no repository path")]
    public async Task Bad_ssh_addresses_are_refused_at_creation(string gitUrl, string reason)
    {
        using var api = factory.CreateSocketClient(ConsoleFactory.AdminToken);
        var response = await api.PostAsJsonAsync("/api/v1/teams/default/components", new { name = "b" + Guid.NewGuid().ToString("N")[..8], application = "keys", gitUrl, branch = "main" });
        Assert.False(response.IsSuccessStatusCode);
        Assert.Contains(reason, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
