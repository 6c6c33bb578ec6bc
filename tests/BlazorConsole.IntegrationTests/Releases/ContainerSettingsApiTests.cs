using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// <c>GET|PUT /api/v1/components/{id}/runtime</c>: a component chooses its runtime among the console's engines and where its
/// Dockerfile is; the component JSON carries the choice; bad values are refused with what is wrong and change nothing.
/// </summary>
public class ContainerSettingsApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_developer_chooses_docker_and_a_Dockerfile_path_and_the_component_shows_it()
    {
        var component = await factory.CreateComponentAsync(new { name = "rt-" + Guid.NewGuid().ToString("N")[..8], application = "runtimes", gitUrl = "https://example.test/rt.git", branch = "main" });
        var developer = await factory.CreateUserAsync($"dev-{Guid.NewGuid():N}@example.test", TeamRole.Developer);
        using var client = factory.CreateApiClient(developer.Token);

        var initial = await ReadAsync(await client.GetAsync($"/api/v1/components/{component.Id}/runtime"));
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("runtime").ValueKind);
        Assert.Equal("process", initial.GetProperty("effectiveRuntime").GetString());
        Assert.Equal(["docker", "process"], initial.GetProperty("runtimes").EnumerateArray().Select(r => r.GetString()));

        var saved = await ReadAsync(await client.PutAsJsonAsync($"/api/v1/components/{component.Id}/runtime",
            new { runtime = "Docker", dockerfilePath = "deploy/web.Dockerfile", dockerTarget = "runtime" }));
        Assert.Equal("docker", saved.GetProperty("runtime").GetString());
        Assert.Equal("docker", saved.GetProperty("effectiveRuntime").GetString());
        Assert.Equal("deploy/web.Dockerfile", saved.GetProperty("dockerfilePath").GetString());
        Assert.Equal("runtime", saved.GetProperty("dockerTarget").GetString());
        Assert.Equal("docker", (await ReadAsync(await client.GetAsync($"/api/v1/components/{component.Id}"))).GetProperty("runtime").GetString());

        var reset = await ReadAsync(await client.PutAsJsonAsync($"/api/v1/components/{component.Id}/runtime", new { runtime = (string?)null, dockerfilePath = "", dockerTarget = (string?)null }));
        Assert.Equal(JsonValueKind.Null, reset.GetProperty("runtime").ValueKind);
        Assert.Equal(JsonValueKind.Null, reset.GetProperty("dockerfilePath").ValueKind);
    }

    [Theory]
    [InlineData("kubernetes", null, null, "is not a runtime of this console; choose one of docker, process")]
    [InlineData(null, "../outside/Dockerfile", null, "must not contain '..'")]
    [InlineData(null, "/etc/Dockerfile", null, "must be relative to the repository root")]
    [InlineData(null, null, "stage; rm -rf /", "is not a stage name")]
    public async Task A_bad_value_is_refused_with_what_is_wrong_and_nothing_changes(string? runtime, string? dockerfilePath, string? dockerTarget, string expected)
    {
        var component = await factory.CreateComponentAsync(new { name = "rt-" + Guid.NewGuid().ToString("N")[..8], application = "runtimes", gitUrl = "https://example.test/rt.git", branch = "main" });
        using var admin = factory.CreateApiClient(ConsoleFactory.AdminToken);
        await ReadAsync(await admin.PutAsJsonAsync($"/api/v1/components/{component.Id}/runtime", new { runtime = "process", dockerfilePath = "Dockerfile.prod" }));

        var response = await admin.PutAsJsonAsync($"/api/v1/components/{component.Id}/runtime", new { runtime, dockerfilePath, dockerTarget });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var kept = await ReadAsync(await admin.GetAsync($"/api/v1/components/{component.Id}/runtime"));
        Assert.Equal("process", kept.GetProperty("runtime").GetString());
        Assert.Equal("Dockerfile.prod", kept.GetProperty("dockerfilePath").GetString());
    }

    [Fact]
    public async Task A_viewer_reads_the_runtime_but_cannot_change_it()
    {
        var component = await factory.CreateComponentAsync(new { name = "rt-" + Guid.NewGuid().ToString("N")[..8], application = "runtimes", gitUrl = "https://example.test/rt.git", branch = "main" });
        var viewer = await factory.CreateUserAsync($"viewer-{Guid.NewGuid():N}@example.test", TeamRole.Viewer);
        using var client = factory.CreateApiClient(viewer.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/components/{component.Id}/runtime")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/components/{component.Id}/runtime", new { runtime = "docker" })).StatusCode);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
