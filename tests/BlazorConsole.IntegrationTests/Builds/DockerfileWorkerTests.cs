using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Data;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.TestSupport;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>
/// A Dockerfile component built by the console's workers (manual build over the API): the request names the image after
/// the team and component and passes the component's plain variables, never its secrets, to the Dockerfile's ARGs.
/// </summary>
public sealed class DockerfileWorkerTests(BuildWorkerFixture fixture) : IClassFixture<BuildWorkerFixture>
{
    [SkippableFact]
    public async Task A_manual_build_of_a_dockerfile_component_tags_its_image_by_team_component_and_build_number()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var repo = GitTestRepository.Create(fixture.ReposRoot, "docker-" + Guid.NewGuid().ToString("N")[..8]);
        File.Copy(TestDocker.Busybox, Path.Combine(repo.WorkPath, "busybox"));
        File.WriteAllText(Path.Combine(repo.WorkPath, "Dockerfile"), """
            FROM scratch
            ARG GREETING
            ARG API_KEY
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "echo \"greeting=[$GREETING] key=[$API_KEY]\""]
            CMD ["/bin/busybox", "true"]
            """);
        repo.CommitAndPush("Dockerfile app");
        var component = await fixture.Support.ComponentAsync(repo);
        using (var admin = fixture.Console.CreateApiClient(ConsoleFactory.AdminToken))
        {
            var saved = await admin.PutAsJsonAsync($"/api/v1/components/{component.Id}/env", new
            {
                variables = new[] { new { name = "GREETING", value = "hi from the worker", secret = false }, new { name = "API_KEY", value = "sk-never-a-build-arg", secret = true } },
            });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var buildId = await fixture.Support.ManualBuildAsync(component.Id);
        var build = await fixture.Support.WaitForStatusAsync(buildId);

        var log = await fixture.Support.LogAsync(buildId);
        Assert.True(BuildTestSupport.Status(build) == "Succeeded", log);
        Assert.Contains("greeting=[hi from the worker] key=[]", log, StringComparison.Ordinal);
        await using var db = await fixture.Console.Services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        var row = await db.Components.Where(c => c.Id == component.Id)
            .Join(db.Applications, c => c.ApplicationId, a => a.Id, (c, a) => new { c.Name, a.TeamId })
            .Join(db.Teams, x => x.TeamId, t => t.Id, (x, t) => new { x.Name, t.Slug })
            .SingleAsync();
        var tag = $"blazorconsole/{row.Slug}/{row.Name.ToLowerInvariant()}:{build.GetProperty("number").GetInt32()}";
        Assert.Contains($"Successfully tagged {tag}", log, StringComparison.Ordinal);

        using var client = new DockerClientBuilder().WithEndpoint(new Uri(TestDocker.Endpoint!)).Build();
        try
        {
            var image = await client.Images.InspectImageAsync(tag);
            Assert.Equal(component.Id.ToString("N"), image.Config?.Labels?["blazorconsole.component"]);
            Assert.Equal(buildId.ToString(System.Globalization.CultureInfo.InvariantCulture), image.Config?.Labels?["blazorconsole.build"]);
        }
        finally
        {
            await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        }
    }
}
