using System.Diagnostics;
using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// The deploy console with its Docker engine pointed at the test daemon (<see cref="TestDocker"/>). Its containers go
/// with it when it stops (unless <see cref="KeepContainersOnShutdown"/>, the console's default, is asked for).
/// </summary>
public class DockerConsoleFactory : DeployConsoleFactory
{
    protected virtual bool KeepContainersOnShutdown => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (TestDocker.Endpoint is { } endpoint)
        {
            builder.UseSetting("Docker:Endpoint", endpoint);
        }

        builder.UseSetting("Docker:KeepContainersOnShutdown", KeepContainersOnShutdown ? "true" : "false");

        // Visible in docker inspect; small enough for busybox, large enough for any test app.
        builder.UseSetting("Runtime:MemoryLimitMb", "128");
        builder.UseSetting("Runtime:MaxProcesses", "64");
        builder.UseSetting("Runtime:CpuLimit", "0.5");
    }
}

/// <summary>A Docker console over a given data directory: a console restart is a new one over the same directory.</summary>
public sealed class RestartableDockerConsoleFactory(string dataDir, bool keepContainersOnShutdown = false) : DockerConsoleFactory
{
    protected override string? SharedDataDir => dataDir;

    protected override bool KeepContainersOnShutdown => keepContainersOnShutdown;

    protected override bool KeepsDatabase => true;
}

/// <summary>A console whose Docker:Endpoint answers nothing: image releases must fail with a reason.</summary>
public sealed class UnreachableDockerConsoleFactory : DeployConsoleFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Docker:Endpoint", "unix:///nonexistent/bc-test/docker.sock");
    }
}

/// <summary>
/// The docker CLI against the test daemon, and the FROM-scratch busybox images the container tests run; every image and
/// container made through it is removed on dispose.
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly List<string> images = [];
    private readonly List<string> containers = [];
    private readonly string root = Directory.CreateTempSubdirectory("bc-img-").FullName;

    /// <summary>A busybox httpd image answering <paramref name="content"/> on port 8080; <paramref name="command"/> replaces its CMD.</summary>
    public string Site(string content, string? command = null)
    {
        var tag = $"bc-test-drun-{Guid.NewGuid().ToString("N")[..10]}:1";
        var directory = Path.Combine(root, tag.Replace(':', '-'));
        TestDocker.WriteBusyboxSite(directory, content);
        if (command is not null)
        {
            File.AppendAllText(Path.Combine(directory, "Dockerfile"), $"\nCMD {command}\n");
        }

        Docker("build", "-q", "-t", tag, directory);
        images.Add(tag);
        return tag;
    }

    /// <summary>Runs a container (detached) that the test itself owns, e.g. one of another console's identity.</summary>
    public string Run(params string[] arguments)
    {
        var id = Docker(["run", "-d", .. arguments]).Trim();
        containers.Add(id);
        return id;
    }

    public static string Docker(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add(TestDocker.Endpoint ?? throw new InvalidOperationException(TestDocker.UnavailableReason));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }

    /// <summary>Names of the containers (running or not) that carry <paramref name="label"/> (<c>key=value</c>).</summary>
    public static List<string> ContainersLabelled(string label, bool runningOnly = false) =>
        Docker(["ps", .. runningOnly ? Array.Empty<string>() : ["-a"], "--filter", "label=" + label, "--format", "{{.Names}}"])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public void Dispose()
    {
        foreach (var container in containers)
        {
            TryDocker("rm", "-f", container);
        }

        foreach (var image in images)
        {
            TryDocker("rmi", "-f", image);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private static void TryDocker(params string[] arguments)
    {
        try
        {
            Docker(arguments);
        }
        catch (InvalidOperationException)
        {
            // Cleanup only: already gone.
        }
    }
}
