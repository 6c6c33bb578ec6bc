using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class ChildProcessTests : IDisposable
{
    private readonly DirectoryInfo home = Directory.CreateTempSubdirectory("bc-child-");
    private readonly List<string> lines = [];

    public void Dispose() => home.Delete(recursive: true);

    private ChildProcessCommand Shell(string script) =>
        new("/bin/sh", ["-c", script], home.FullName, BuildEnvironment.Scrubbed(home.FullName));

    private void OnLine(string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }
    }

    private async Task<int> WaitForValueAsync(string prefix)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            lock (lines)
            {
                if (lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                {
                    return int.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no line starting with {prefix}");
    }

    private static int ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_child_leads_a_process_group_of_its_own()
    {
        using var child = await ChildProcess.StartAsync(Shell("echo ready=1; sleep 30"), OnLine);
        await WaitForValueAsync("ready=");

        Assert.Equal(child.Id, ProcessGroupOf(child.Id));
        Assert.NotEqual(ProcessGroupOf(Environment.ProcessId), ProcessGroupOf(child.Id));
        child.Kill();
        await child.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_stop_reaches_what_the_child_started_in_the_background()
    {
        using var child = await ChildProcess.StartAsync(Shell("sleep 300 & echo background=$!; wait"), OnLine);
        var background = await WaitForValueAsync("background=");
        Assert.True(ProcessSignals.IsAlive(background));

        await child.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(child.HasExited);
        Assert.False(ProcessSignals.IsAlive(background), $"background process {background} is gone");
    }

    [Fact]
    public async Task A_stop_sends_TERM_first_so_the_child_can_finish_by_itself()
    {
        using var child = await ChildProcess.StartAsync(
            Shell("trap 'echo got-term; exit 0' TERM; echo ready=1; while true; do sleep 0.1; done"), OnLine);
        await WaitForValueAsync("ready=");
        var watch = Stopwatch.StartNew();

        await child.StopAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"it finished on TERM, not at the end of the grace ({watch.Elapsed})");
        Assert.Contains("got-term", lines);
        Assert.Equal(0, await child.WaitForExitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_child_that_ignores_TERM_is_killed_after_the_grace_with_its_children()
    {
        using var child = await ChildProcess.StartAsync(Shell("trap '' TERM; sleep 300 & echo background=$!; wait"), OnLine);
        var background = await WaitForValueAsync("background=");
        var watch = Stopwatch.StartNew();

        await child.StopAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(450), "TERM alone did not end it");
        Assert.True(child.HasExited);
        Assert.False(ProcessSignals.IsAlive(background), $"background process {background} is gone");
    }

    [Fact]
    public async Task A_canceled_command_is_reported_as_canceled_without_an_exit_code()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcome = await ChildProcessRunner.RunAsync(
            new ChildProcessSpec("/bin/sh", ["-c", "sleep 30"], home.FullName, BuildEnvironment.Scrubbed(home.FullName), TimeSpan.FromMinutes(1)),
            OnLine, cancel.Token);

        Assert.True(outcome.Canceled);
        Assert.False(outcome.TimedOut);
        Assert.Null(outcome.ExitCode);
        Assert.False(ProcessSignals.IsAlive(outcome.ProcessId));
    }

    [Fact]
    public async Task Stderr_goes_to_its_own_callback_when_one_is_given()
    {
        var errors = new List<string>();

        var outcome = await ChildProcessRunner.RunAsync(
            new ChildProcessSpec("/bin/sh", ["-c", "echo out; echo err >&2"], home.FullName, BuildEnvironment.Scrubbed(home.FullName), TimeSpan.FromMinutes(1)),
            OnLine, CancellationToken.None, onErrorLine: line =>
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            });

        Assert.True(outcome.Succeeded);
        Assert.Equal(["out"], lines);
        Assert.Equal(["err"], errors);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_to_start_as_Process_Start_would()
    {
        await Assert.ThrowsAsync<Win32Exception>(() => ChildProcess.StartAsync(
            new ChildProcessCommand("no-such-program-bc", [], home.FullName, BuildEnvironment.Scrubbed(home.FullName)), OnLine));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Signals_never_go_to_init_to_every_process_or_to_the_consoles_own_group(int pid)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessSignals.SendToGroup(pid, ProcessSignal.Kill));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessSignals.Send(pid, ProcessSignal.Kill));
    }
}
