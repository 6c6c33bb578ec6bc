using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>
/// Whole builds as a worker runs them (services from <see cref="PipelineServiceCollectionExtensions.AddBuildPipelineBlocks"/>):
/// a real repository over authenticated smart HTTP, real toolchains as child processes, logs and artifacts on disk.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BuildRunnerTests : IAsyncLifetime, IDisposable
{
    private const string User = "builder";
    private const string Password = "git-Pa55-w0rd/xyz";
    private const string ApiToken = "tok_live_0123456789";

    private readonly PipelineTempRoot temp = new();
    private GitSmartHttpServer server = null!;
    private ServiceProvider services = null!;
    private BuildRunner runner = null!;
    private BuildLogStore logs = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(temp.Repos, User, Password);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Builds:KeepArtifacts"] = "3", ["Builds:TimeoutMinutes"] = "10", ["Outbound:AllowLoopback"] = "true" })
            .Build();
        services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddBuildPipelineBlocks(_ => temp.Paths.DataDirectory)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        runner = services.GetRequiredService<BuildRunner>();
        logs = services.GetRequiredService<BuildLogStore>();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("BC_KEEP_PIPELINE_TEMP") is null)
        {
            temp.Dispose();
        }
    }

    private (GitTestRepository Repo, string Sha) Push(string name, params (string Path, string Content)[] files)
    {
        var repo = GitTestRepository.Create(temp.Repos, name);
        foreach (var (path, content) in files)
        {
            repo.WriteFile(path, content);
        }

        return (repo, repo.CommitAndPush("app"));
    }

    private BuildRequest Request(GitTestRepository repo, string sha, string buildKey, string? password = Password) =>
        new("web", buildKey, server.UrlFor(repo.Name))
        {
            CommitSha = sha,
            Credentials = GitCredentials.Basic(User, password!),
            Environment = new Dictionary<string, string> { ["API_TOKEN"] = ApiToken },
            Secrets = [ApiToken],
        };

    private string LogText(string buildKey) => string.Join('\n', logs.Read(buildKey).Select(l => l.Text));

    private async Task AssertNoSecretOnDiskAsync()
    {
        await services.GetRequiredService<GitCheckout>().WhenSnapshotsWrittenAsync();
        foreach (var secret in new[] { Password, Uri.EscapeDataString(Password), ApiToken, Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiToken)) })
        {
            Assert.Empty(PipelineTempRoot.FilesContaining(temp.Paths.MirrorsDirectory, secret));
            Assert.Empty(PipelineTempRoot.FilesContaining(temp.Paths.LogsDirectory, secret));
        }
    }

    [Fact]
    public async Task A_node_app_is_installed_built_and_published_with_its_procfile_start_command_and_no_secret_in_the_log()
    {
        var (repo, sha) = Push("node-app",
            ("package.json", """{ "name": "node-app", "version": "1.0.0", "scripts": { "build": "node build.js", "start": "node server.js" } }"""),
            ("build.js", """
                const fs = require('fs');
                fs.mkdirSync('dist', { recursive: true });
                fs.writeFileSync('dist/out.txt', 'built ' + process.version);
                console.log('token=' + process.env.API_TOKEN + ' b64=' + Buffer.from(process.env.API_TOKEN).toString('base64'));
                console.log('home=' + process.env.HOME);
                """),
            ("server.js", "console.log('serving');\n"),
            ("Procfile", "web: node server.js --port $PORT\n"));

        var result = await runner.RunAsync(Request(repo, sha, "101"), CancellationToken.None);

        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason);
        Assert.Equal(sha, result.CommitSha);
        Assert.Equal(AppLanguage.NodeJs, result.Language!.Language);
        Assert.Equal("node server.js --port $PORT", result.StartCommand);
        Assert.StartsWith("built v", File.ReadAllText(Path.Combine(result.ArtifactDirectory!, "dist", "out.txt")), StringComparison.Ordinal);
        Assert.Equal(Path.Combine(temp.Paths.ArtifactsDirectory, "web", "101"), result.ArtifactDirectory);

        var log = logs.Read("101");
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(l => l.Sequence));
        Assert.Equal(result.LogLines, log[^1].Sequence);
        var text = LogText("101");
        Assert.Contains("Detected Node.js (package.json)", text, StringComparison.Ordinal);
        Assert.Contains("$ npm install", text, StringComparison.Ordinal);
        Assert.Contains("$ npm run build", text, StringComparison.Ordinal);
        Assert.Contains("token=*** b64=***", text, StringComparison.Ordinal);
        Assert.Contains("home=" + temp.Paths.BuildWorkDirectory("101"), text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Paths.BuildWorkDirectory("101")), "the working directory is removed after the build");
        await AssertNoSecretOnDiskAsync();
    }

    [Fact]
    public async Task A_failing_npm_build_fails_with_the_npm_error_in_its_log_and_leaves_no_artifact()
    {
        var (repo, sha) = Push("broken",
            ("package.json", """{ "name": "broken", "version": "1.0.0", "scripts": { "build": "node -e \"console.error('boom: cannot find module left-pad'); process.exit(2)\"" } }"""));

        var result = await runner.RunAsync(Request(repo, sha, "102"), CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, result.Outcome);
        Assert.False(result.TimedOut);
        Assert.Equal("`npm run build` failed with exit code 2.", result.FailureReason);
        var text = LogText("102");
        Assert.Contains("boom: cannot find module left-pad", text, StringComparison.Ordinal);
        Assert.EndsWith("Build failed: `npm run build` failed with exit code 2.", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Paths.ArtifactsDirectory, "web", "102")));
    }

    [Fact]
    public async Task A_python_app_gets_a_venv_in_its_artifact_that_runs_from_there()
    {
        var (repo, sha) = Push("py-app", ("requirements.txt", "# no dependencies\n"), ("app.py", "print('hello from python')\n"));

        var result = await runner.RunAsync(Request(repo, sha, "103"), CancellationToken.None);

        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason);
        Assert.Equal(AppLanguage.Python, result.Language!.Language);
        Assert.Equal(".venv/bin/python app.py", result.StartCommand);
        Assert.Contains("$ ", LogText("103"), StringComparison.Ordinal);
        Assert.Contains("-m pip install -r requirements.txt", LogText("103"), StringComparison.Ordinal);
        var python = Path.Combine(result.ArtifactDirectory!, ".venv", "bin", "python");
        Assert.Equal("hello from python", RunAndRead(python, "app.py", result.ArtifactDirectory!));
        Assert.Equal(Path.Combine(result.ArtifactDirectory!, ".venv"), RunAndRead(python, "-c \"import sys; print(sys.prefix)\"", result.ArtifactDirectory!));
    }

    [Fact]
    public async Task A_static_site_is_published_as_its_files_without_a_start_command()
    {
        var (repo, sha) = Push("site", ("index.html", "<h1>Hi</h1>\n"), ("css/site.css", "h1{}\n"));

        var result = await runner.RunAsync(Request(repo, sha, "104"), CancellationToken.None);

        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason);
        Assert.Equal(new LanguageMatch(AppLanguage.Static, "index.html"), result.Language);
        Assert.Null(result.StartCommand);
        Assert.Equal("<h1>Hi</h1>\n", File.ReadAllText(Path.Combine(result.ArtifactDirectory!, "index.html")));
        Assert.True(File.Exists(Path.Combine(result.ArtifactDirectory!, "css", "site.css")));
    }

    [Fact]
    public async Task A_chosen_language_picks_the_buildpack_while_the_result_still_says_what_was_detected()
    {
        var (repo, sha) = Push("chosen", ("package.json", """{ "name": "chosen", "version": "1.0.0" }"""), ("index.html", "<h1>Static</h1>\n"));

        var result = await runner.RunAsync(Request(repo, sha, "109") with { Language = AppLanguage.Static }, CancellationToken.None);

        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason);
        Assert.Equal(new LanguageMatch(AppLanguage.Static, "index.html"), result.Language);
        Assert.Equal(new LanguageMatch(AppLanguage.NodeJs, "package.json"), result.Detected);
        Assert.Contains("Buildpack: Static", LogText("109"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dotnet_app_is_published_and_its_start_command_runs_it()
    {
        var (repo, sha) = Push("dotnet-app",
            ("Hello.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
                </Project>
                """),
            ("Program.cs", "Console.WriteLine(\"hello from dotnet\");\n"));

        var result = await runner.RunAsync(Request(repo, sha, "105"), CancellationToken.None);

        Assert.True(result.Outcome == BuildOutcome.Succeeded, result.FailureReason + "\n" + LogText("105"));
        Assert.Equal(AppLanguage.DotNet, result.Language!.Language);
        Assert.Equal("dotnet Hello.dll", result.StartCommand);
        Assert.Equal("hello from dotnet", RunAndRead("dotnet", "Hello.dll", result.ArtifactDirectory!));
    }

    /// <summary>A live process on this machine whose command line has <paramref name="argument"/>, or null.</summary>
    private static int? HostPidRunning(string argument)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0').Contains(argument) && IsAlive(pid))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return null;
    }

    [Fact]
    public async Task Canceling_a_build_kills_the_whole_process_tree()
    {
        var (repo, sha) = Push("slow",
            ("package.json", """{ "name": "slow", "version": "1.0.0", "scripts": { "build": "sh -c 'sleep 300.106 & echo child-pid=$!; wait'" } }"""));
        var started = new List<int>();
        runner.OnProcessStarted = pid =>
        {
            lock (started)
            {
                started.Add(pid);
            }
        };
        using var cancel = new CancellationTokenSource();

        var build = runner.RunAsync(Request(repo, sha, "106"), cancel.Token);
        await WaitForLogValue("106", "child-pid=", TimeSpan.FromSeconds(60));
        // The pid it printed is the sandbox's own (a PID namespace): find the grandchild on this machine by its argument.
        var sleeper = HostPidRunning("300.106") ?? throw new InvalidOperationException("the grandchild runs before the cancel");
        await cancel.CancelAsync();
        var result = await build.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(BuildOutcome.Canceled, result.Outcome);
        Assert.False(IsAlive(sleeper), $"grandchild {sleeper} (sleep) is gone");
        Assert.All(started, pid => Assert.False(IsAlive(pid), $"process {pid} is gone"));
        Assert.EndsWith("The build was canceled.", LogText("106"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_over_its_time_is_stopped_and_failed_as_timed_out()
    {
        var (repo, sha) = Push("forever",
            ("package.json", """{ "name": "forever", "version": "1.0.0", "scripts": { "build": "sh -c 'sleep 300.107 & echo child-pid=$!; wait'" } }"""));

        var build = runner.RunAsync(Request(repo, sha, "107") with { Timeout = TimeSpan.FromSeconds(8) }, CancellationToken.None);
        await WaitForLogValue("107", "child-pid=", TimeSpan.FromSeconds(60));
        Assert.NotNull(HostPidRunning("300.107"));
        var result = await build;

        Assert.Equal(BuildOutcome.Failed, result.Outcome);
        Assert.True(result.TimedOut);
        Assert.Equal("The build timed out after 0.1 minutes.", result.FailureReason);
        // The sandbox's processes die with it; on a loaded machine the kernel may take a moment to reap the last one.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (HostPidRunning("300.107") is { } left && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Null(HostPidRunning("300.107"));
    }

    [Fact]
    public async Task A_wrong_password_fails_the_build_with_the_reason_and_never_shows_the_password()
    {
        var (repo, sha) = Push("private", ("index.html", "x"));

        var result = await runner.RunAsync(Request(repo, sha, "108", password: "Wr0ng-pass-777"), CancellationToken.None);

        Assert.Equal(BuildOutcome.Failed, result.Outcome);
        Assert.Contains("Authentication failed", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Authentication failed", LogText("108"), StringComparison.Ordinal);
        await services.GetRequiredService<GitCheckout>().WhenSnapshotsWrittenAsync();
        Assert.Empty(PipelineTempRoot.FilesContaining(temp.Paths.DataDirectory, "Wr0ng-pass-777"));
    }

    private async Task<int> WaitForLogValue(string buildKey, string prefix, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var line = logs.Read(buildKey).FirstOrDefault(l => l.Text.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return int.Parse(line.Text[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{prefix}' never appeared in the log:\n{LogText(buildKey)}");
    }

    /// <summary>Running (a zombie waiting to be reaped counts as gone).</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string RunAndRead(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
