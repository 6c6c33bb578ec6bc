using System.Diagnostics;

namespace BlazorConsole.Benchmarks.Infrastructure;

/// <summary>
/// The runtime a deploy scenario measures (<c>--runtime process|docker</c>). Docker comes from <c>BENCH_DOCKER</c>, else
/// <c>CONSOLE_TEST_DOCKER</c> (as scripts/test.sh sets it), else the machine's default socket; images are built with the
/// docker CLI before the timed window (the scenario measures the console's part, not <c>docker build</c>).
/// </summary>
internal static class BenchDocker
{
    public static string Runtime { get; set; } = "process";

    public static bool IsDocker => Runtime == "docker";

    public static string Endpoint =>
        Environment.GetEnvironmentVariable("BENCH_DOCKER") is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable("CONSOLE_TEST_DOCKER") is { Length: > 0 } test && !test.StartsWith("unavailable", StringComparison.Ordinal) ? test
        : "unix:///var/run/docker.sock";

    /// <summary>Builds <paramref name="directory"/> (a Dockerfile context) as <paramref name="tag"/>; throws with docker's output when it fails.</summary>
    public static async Task BuildAsync(string directory, string tag, CancellationToken cancellationToken)
    {
        var (code, output) = await CliAsync(cancellationToken, "build", "-q", "-t", tag, directory);
        if (code != 0)
        {
            throw new InvalidOperationException($"docker build of {tag} at {Endpoint} failed (set BENCH_DOCKER to an engine that answers): {output}");
        }
    }

    public static async Task RemoveImagesAsync(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            await CliAsync(CancellationToken.None, "image", "rm", "-f", tag);
        }
    }

    private static async Task<(int Code, string Output)> CliAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add(Endpoint);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
