using System.Diagnostics;
using System.Runtime.Versioning;
using BlazorConsole.Domain.Releases;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Runtime.Docker;
using BlazorConsole.TestSupport;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>
/// Dockerfile builds as a worker runs them: a real repository over smart HTTP, <see cref="BuildRunner"/> with the
/// Docker engine's <see cref="IImageBuilder"/> against the test daemon (FROM scratch + static busybox), images checked
/// through the Engine API and removed at the end.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DockerfileBuildTests : IAsyncLifetime, IDisposable
{
    private const string User = "builder";
    private const string Password = "git-Pa55-w0rd/docker";
    private const string SecretToken = "tok_live_docker_0123456789";

    private readonly PipelineTempRoot temp = new();
    private readonly string componentKey = "dk" + Guid.NewGuid().ToString("N")[..8];
    private GitSmartHttpServer server = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(temp.Repos, User, Password);
        services = Services(TestDocker.Endpoint ?? DockerOptions.DefaultEndpoint);
    }

    public async Task DisposeAsync()
    {
        if (TestDocker.Endpoint is { } endpoint)
        {
            using var client = new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).Build();
            var images = await client.Images.ListImagesAsync(new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["blazorconsole.component=" + componentKey] = true } },
            });
            foreach (var image in images)
            {
                await client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
        }

        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose() => temp.Dispose();

    private ServiceProvider Services(string dockerEndpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Builds:TimeoutMinutes"] = "5",
                ["Builds:KeepArtifacts"] = "2",
                ["Outbound:AllowLoopback"] = "true",
                ["Docker:Endpoint"] = dockerEndpoint,
                ["Docker:RunImage:Static"] = RunImage,
            })
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddBuildPipelineBlocks(_ => temp.Paths.DataDirectory)
            .AddDockerRuntime()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static DockerClient Client() => new DockerClientBuilder().WithEndpoint(new Uri(TestDocker.Endpoint!)).Build();

    /// <summary>A repository with busybox beside <paramref name="dockerfile"/> (and whatever <paramref name="prepare"/> adds).</summary>
    private (GitTestRepository Repo, string Sha) Push(string dockerfile, Action<string>? prepare = null)
    {
        var repo = GitTestRepository.Create(temp.Repos, "img-" + Guid.NewGuid().ToString("N")[..6]);
        File.Copy(TestDocker.Busybox, Path.Combine(repo.WorkPath, "busybox"));
        File.WriteAllText(Path.Combine(repo.WorkPath, "Dockerfile"), dockerfile);
        prepare?.Invoke(repo.WorkPath);
        return (repo, repo.CommitAndPush("image"));
    }

    private BuildRequest Request(GitTestRepository repo, string sha, string buildKey) =>
        new(componentKey, buildKey, server.UrlFor(repo.Name))
        {
            CommitSha = sha,
            Credentials = GitCredentials.Basic(User, Password),
            BuildNumber = 3,
            ImageRepository = ImageReference.Repository("Test Team", componentKey),
            Environment = new Dictionary<string, string> { ["API_TOKEN"] = SecretToken },
            // A secret that ended up among the plain variables is still never a build argument.
            PublicVariables = new Dictionary<string, string> { ["GREETING"] = "hello from the component", ["LEAKED"] = SecretToken },
            Secrets = [SecretToken],
        };

    /// <summary>
    /// A failed or canceled build leaves its finished steps as untagged images (the engine's cache, unlabelled): removed
    /// by the ids its log printed. One another build still uses is refused by the engine and stays.
    /// </summary>
    private async Task RemoveStepImagesAsync(string buildKey)
    {
        using var client = Client();
        foreach (var id in System.Text.RegularExpressions.Regex.Matches(LogText(buildKey), "^ ---> ([0-9a-f]{12})$", System.Text.RegularExpressions.RegexOptions.Multiline)
                     .Select(m => m.Groups[1].Value).Distinct().Reverse())
        {
            try
            {
                await client.Images.DeleteImageAsync(id, new ImageDeleteParameters());
            }
            catch (DockerApiException)
            {
            }
        }
    }

    private string LogText(string buildKey) => string.Join('\n', services.GetRequiredService<BuildLogStore>().Read(buildKey).Select(l => l.Text));

    [SkippableFact]
    public async Task A_dockerfile_repository_builds_a_labelled_image_from_its_context_without_ignored_files_or_secret_arguments()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var (repo, sha) = Push("""
            FROM scratch
            ARG GREETING
            ARG API_TOKEN
            ARG LEAKED
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY . /ctx
            RUN ["/bin/sh", "-c", "test ! -e /ctx/secret.txt && test ! -e /ctx/logs/today.log && test -e /ctx/logs/keep.log && test -L /ctx/outside && test -x /ctx/run.sh"]
            RUN ["/bin/sh", "-c", "echo \"greeting=[$GREETING] token=[$API_TOKEN] leaked=[$LEAKED]\""]
            CMD ["/bin/httpd", "-f", "-p", "8080", "-h", "/ctx"]
            """, work =>
        {
            File.WriteAllText(Path.Combine(work, "secret.txt"), "do not ship");
            Directory.CreateDirectory(Path.Combine(work, "logs"));
            File.WriteAllText(Path.Combine(work, "logs", "today.log"), "noise");
            File.WriteAllText(Path.Combine(work, "logs", "keep.log"), "kept");
            File.WriteAllText(Path.Combine(work, "run.sh"), "#!/bin/sh\necho run\n");
            File.SetUnixFileMode(Path.Combine(work, "run.sh"), (UnixFileMode)0b111_101_101);
            File.CreateSymbolicLink(Path.Combine(work, "outside"), "/etc/hostname"); // sent as a link, never followed
            File.WriteAllText(Path.Combine(work, ".dockerignore"), "/secret.txt\nlogs\n!logs/keep.log\n");
        });

        var result = await services.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "501"), CancellationToken.None);

        var log = LogText("501");
        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason + "\n" + log);
        var tag = $"blazorconsole/test-team/{componentKey}:3";
        Assert.Equal(ReleaseArtifact.OfImage(tag), result.Artifact);
        Assert.Null(result.ArtifactDirectory);
        Assert.Null(result.StartCommand);
        Assert.Contains("Buildpack: Dockerfile (Docker Engine API)", log, StringComparison.Ordinal);
        Assert.Contains("with build arguments GREETING", log, StringComparison.Ordinal);
        // The classic builder adds the labels as two LABEL steps after the Dockerfile's ten.
        Assert.Contains("Step 1/12 : FROM scratch", log, StringComparison.Ordinal);
        Assert.Contains("Step 10/12 : CMD", log, StringComparison.Ordinal);
        Assert.Contains(" ---> Running in ", log, StringComparison.Ordinal);
        Assert.Contains("greeting=[hello from the component] token=[] leaked=[]", log, StringComparison.Ordinal);
        Assert.Contains("Successfully built", log, StringComparison.Ordinal);
        Assert.Contains($"Successfully tagged {tag}", log, StringComparison.Ordinal);

        using var client = Client();
        var image = await client.Images.InspectImageAsync(tag);
        var labels = image.Config?.Labels ?? new Dictionary<string, string>();
        Assert.Equal(componentKey, labels["blazorconsole.component"]);
        Assert.Equal("501", labels["blazorconsole.build"]);
        var history = await client.Images.GetImageHistoryAsync(tag);
        Assert.DoesNotContain(history, h => h.CreatedBy.Contains(SecretToken, StringComparison.Ordinal));

        var kept = services.GetRequiredService<ArtifactStore>().List(componentKey);
        Assert.Equal(ReleaseArtifact.OfImage(tag), Assert.Single(kept).Artifact);
        Assert.True(await services.GetRequiredService<IImageBuilder>().ExistsAsync(tag, CancellationToken.None));
    }

    [SkippableFact]
    public async Task The_components_Dockerfile_path_and_target_stage_are_what_the_engine_builds()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        // No Dockerfile at the root: the settings say where it is and which stage ships; the stage after it would fail.
        var repo = GitTestRepository.Create(temp.Repos, "img-" + Guid.NewGuid().ToString("N")[..6]);
        File.Copy(TestDocker.Busybox, Path.Combine(repo.WorkPath, "busybox"));
        repo.WriteFile("deploy/web.Dockerfile", """
            FROM scratch AS base
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            FROM base AS web
            RUN ["/bin/sh", "-c", "echo built-the-web-stage"]
            FROM base AS tests
            RUN ["/bin/sh", "-c", "echo built-the-tests-stage; exit 1"]
            """);
        var sha = repo.CommitAndPush("a Dockerfile elsewhere");

        var request = Request(repo, sha, "505") with { DockerfilePath = "deploy/web.Dockerfile", DockerTarget = "web", Language = AppLanguage.Dockerfile };
        var result = await services.GetRequiredService<BuildRunner>().RunAsync(request, CancellationToken.None);

        var log = LogText("505");
        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason + "\n" + log);
        Assert.Contains("built-the-web-stage", log, StringComparison.Ordinal);
        Assert.DoesNotContain("built-the-tests-stage", log, StringComparison.Ordinal);
        Assert.Equal(ReleaseArtifact.OfImage($"blazorconsole/test-team/{componentKey}:3"), result.Artifact);
    }

    /// <summary>A "base image" for the run-image test: busybox only (no registry is reachable to pull a real one).</summary>
    private const string RunImage = "bc-test-run-busybox:1";

    [SkippableFact]
    public async Task A_buildpack_build_of_a_container_component_is_packaged_onto_its_languages_run_image()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var runImageContext = Path.Combine(temp.Repos, "run-image-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(runImageContext);
        File.Copy(TestDocker.Busybox, Path.Combine(runImageContext, "busybox"));
        File.WriteAllText(Path.Combine(runImageContext, "Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        Releases.TestImages.Docker("build", "-q", "-t", RunImage, runImageContext);
        // A static site the static buildpack builds, started by its Procfile: on the run image, its command is the CMD.
        var repo = GitTestRepository.Create(temp.Repos, "site-" + Guid.NewGuid().ToString("N")[..6]);
        repo.WriteFile("index.html", "<h1>on the run image</h1>");
        repo.WriteFile("Procfile", "web: httpd -f -p $PORT -h /app\n");
        var sha = repo.CommitAndPush("a static site with a start command");

        var result = await services.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "506") with { ContainerReleases = true }, CancellationToken.None);

        var log = LogText("506");
        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason + "\n" + log);
        var tag = $"blazorconsole/test-team/{componentKey}:3";
        Assert.Equal(ReleaseArtifact.OfImage(tag), result.Artifact);
        Assert.Contains($"Packaging the Static artifact onto the run image {RunImage} as {tag}", log, StringComparison.Ordinal);
        Assert.Equal("<h1>on the run image</h1>", Releases.TestImages.Docker("run", "--rm", tag, "/bin/cat", "/app/index.html").Trim());
        using var client = Client();
        var image = await client.Images.InspectImageAsync(tag);
        Assert.Equal(["/bin/sh", "-c", "httpd -f -p $PORT -h /app"], image.Config?.Cmd);

        // The same build for a component that runs processes stays a directory.
        var plain = await services.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "507") with { BuildNumber = 4 }, CancellationToken.None);
        Assert.Equal(ReleaseArtifactKind.Directory, plain.Artifact?.Kind);
        await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
    }

    [SkippableFact]
    public async Task A_dockerfile_that_starts_from_or_copies_out_of_another_components_image_fails_before_the_engine_runs_a_step()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        // Team B's image holds its code; it sits in the same engine, where the classic builder would resolve it.
        var (teamB, teamBSha) = Push("""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "echo team-b-code > /code.txt"]
            """);
        var built = await services.GetRequiredService<BuildRunner>().RunAsync(
            Request(teamB, teamBSha, "521") with { ImageRepository = ImageReference.Repository("Team B", componentKey) }, CancellationToken.None);
        Assert.True(built.Outcome == BuildOutcome.Succeeded, built.FailureReason + "\n" + LogText("521"));
        var teamBImage = $"blazorconsole/team-b/{componentKey}:3";

        var (fromIt, fromSha) = Push($"""
            ARG BASE=busybox-public
            FROM $BASE
            CMD ["/bin/busybox", "cat", "/code.txt"]
            """);
        var copyOut = Push($"""
            FROM scratch
            COPY --from={teamBImage} /code.txt /stolen.txt
            """);

        // The base comes from a component variable: the value the engine would get is what is checked.
        var request = Request(fromIt, fromSha, "522") with
        {
            PublicVariables = new Dictionary<string, string> { ["BASE"] = teamBImage },
        };
        var viaArgument = await services.GetRequiredService<BuildRunner>().RunAsync(request, CancellationToken.None);
        var viaCopy = await services.GetRequiredService<BuildRunner>().RunAsync(Request(copyOut.Repo, copyOut.Sha, "523"), CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, viaArgument.Outcome);
        Assert.Equal($"The Dockerfile's FROM uses {teamBImage}, an image another component built: a build may start from public images "
            + $"and from its own earlier images (blazorconsole/test-team/{componentKey}) only.", viaArgument.FailureReason);
        Assert.Equal(BuildOutcome.Failed, viaCopy.Outcome);
        Assert.StartsWith($"The Dockerfile's COPY --from uses {teamBImage}, an image another component built", viaCopy.FailureReason, StringComparison.Ordinal);
        foreach (var key in (string[])["522", "523"])
        {
            var log = LogText(key);
            Assert.DoesNotContain("Step 1/", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Sending build context", log, StringComparison.Ordinal);
        }

        Assert.False(await services.GetRequiredService<IImageBuilder>().ExistsAsync($"blazorconsole/test-team/{componentKey}:3", CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_failing_run_step_fails_the_build_naming_the_step_and_the_engines_error()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var (repo, sha) = Push("""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "echo about to fail; exit 3"]
            CMD ["/bin/busybox", "true"]
            """);

        var result = await services.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "502"), CancellationToken.None);

        var log = LogText("502");
        Assert.Equal(BuildOutcome.Failed, result.Outcome);
        Assert.Null(result.Artifact);
        Assert.Equal("Step 3/6 : RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo about to fail; exit 3\"] — "
            + "The command '/bin/busybox sh -c echo about to fail; exit 3' returned a non-zero code: 3", result.FailureReason);
        Assert.Contains("about to fail", log, StringComparison.Ordinal);
        Assert.EndsWith("Build failed: " + result.FailureReason, log, StringComparison.Ordinal);
        Assert.False(await services.GetRequiredService<IImageBuilder>().ExistsAsync($"blazorconsole/test-team/{componentKey}:3", CancellationToken.None));
        await RemoveStepImagesAsync("502");
    }

    [SkippableFact]
    public async Task Canceling_a_build_stuck_in_a_run_step_stops_the_engines_build_within_seconds_and_tags_nothing()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (repo, sha) = Push($"""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "echo sleeping-{marker}; exec /bin/busybox sleep 60"]
            """);
        using var cancel = new CancellationTokenSource();

        var build = services.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "503"), cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!LogText("503").Contains("sleeping-" + marker, StringComparison.Ordinal) && DateTime.UtcNow < deadline && !build.IsCompleted)
        {
            await Task.Delay(100);
        }

        Assert.Contains("sleeping-" + marker, LogText("503"), StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var result = await build;

        Assert.Equal(BuildOutcome.Canceled, result.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the build ended {watch.Elapsed} after the cancel");
        using var client = Client();
        var stillRunning = true;
        for (var waited = Stopwatch.StartNew(); stillRunning && waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(200))
        {
            var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
            stillRunning = containers.Any(c => c.Command.Contains("sleeping-" + marker, StringComparison.Ordinal));
        }

        Assert.False(stillRunning, "the engine still has the build's RUN container");
        Assert.False(await services.GetRequiredService<IImageBuilder>().ExistsAsync($"blazorconsole/test-team/{componentKey}:3", CancellationToken.None));
        await RemoveStepImagesAsync("503");
    }

    [SkippableFact]
    public async Task Retention_removes_the_image_of_an_image_build_it_prunes()
    {
        Skip.If(TestDocker.UnavailableReason is not null, TestDocker.UnavailableReason);
        var (repo, sha) = Push("FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"true\"]\n");
        var runner = services.GetRequiredService<BuildRunner>();
        var images = services.GetRequiredService<IImageBuilder>();
        var store = services.GetRequiredService<ArtifactStore>();
        var keep = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BuildsOptions>>().Value.KeepArtifacts;

        var tags = new List<string>();
        for (var number = 1; number <= keep + 1; number++)
        {
            var result = await runner.RunAsync(Request(repo, sha, $"6{number:D2}") with { BuildNumber = 100 + number }, CancellationToken.None);
            Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason);
            tags.Add(result.Artifact!.Location);
        }

        Assert.False(await images.ExistsAsync(tags[0], CancellationToken.None), $"the pruned build's image {tags[0]} is still there");
        Assert.True(await images.ExistsAsync(tags[^1], CancellationToken.None));
        Assert.Equal(tags.Skip(1).Reverse(), store.List(componentKey).Select(m => m.Image));
    }

    [Fact]
    public async Task Without_a_docker_engine_the_build_says_to_configure_docker_endpoint()
    {
        var (repo, sha) = Push("FROM scratch\nCOPY busybox /bin/busybox\n");
        await using var noDocker = Services($"unix:///tmp/bc-no-docker-{Guid.NewGuid():N}.sock");

        var result = await noDocker.GetRequiredService<BuildRunner>().RunAsync(Request(repo, sha, "504"), CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, result.Outcome);
        Assert.StartsWith("this repository builds with its Dockerfile: configure Docker:Endpoint (Docker does not answer at Docker:Endpoint unix:///tmp/bc-no-docker-",
            result.FailureReason, StringComparison.Ordinal);
    }
}
