using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class ChildProcessRunnerTests : IDisposable
{
    private readonly DirectoryInfo home = Directory.CreateTempSubdirectory("bc-home-");

    public void Dispose() => home.Delete(recursive: true);

    private async Task<(ChildProcessOutcome Outcome, List<string> Lines)> RunShell(string script, IEnumerable<KeyValuePair<string, string>>? env = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var outcome = await ChildProcessRunner.RunAsync(
            new ChildProcessSpec("/bin/sh", ["-c", script], home.FullName, BuildEnvironment.Scrubbed(home.FullName, env), timeout ?? TimeSpan.FromMinutes(1)),
            line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            },
            cancellationToken);
        return (outcome, lines);
    }

    [Fact]
    public async Task A_child_does_not_see_the_consoles_variables_only_path_home_lang_and_the_buildpacks()
    {
        Environment.SetEnvironmentVariable("BC_TEST_CONSOLE_SECRET", "must-not-leak");
        try
        {
            var (outcome, lines) = await RunShell("env | sort", [new("npm_config_cache", "/cache/npm")]);

            Assert.True(outcome.Succeeded);
            Assert.DoesNotContain(lines, l => l.Contains("must-not-leak", StringComparison.Ordinal) || l.StartsWith("BC_TEST_", StringComparison.Ordinal));
            var names = lines.Select(l => l.Split('=')[0]).Where(n => n is not ("PWD" or "SHLVL" or "_")).ToList();
            Assert.Equal(["HOME", "LANG", "PATH", "npm_config_cache"], names);
            Assert.Contains($"HOME={home.FullName}", lines);
        }
        finally
        {
            Environment.SetEnvironmentVariable("BC_TEST_CONSOLE_SECRET", null);
        }
    }

    [Fact]
    public async Task Stdout_and_stderr_lines_are_streamed_and_the_exit_code_reported()
    {
        var (outcome, lines) = await RunShell("echo out; echo err >&2; exit 3");

        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.Succeeded);
        Assert.Equal(["err", "out"], lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_command_that_runs_too_long_is_stopped_as_timed_out()
    {
        var (outcome, _) = await RunShell("sleep 30", timeout: TimeSpan.FromMilliseconds(300));

        Assert.True(outcome.TimedOut);
        Assert.Null(outcome.ExitCode);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(20));
    }
}
