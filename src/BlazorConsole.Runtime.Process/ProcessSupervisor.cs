using System.Globalization;
using BlazorConsole.Pipeline.Processes;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Pipeline.Sandbox;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.Runtime.Process;

/// <summary>
/// Keeps one release's process running: restarts it after a crash with exponential backoff (same port, so the route
/// stays valid), reports a crash loop after <see cref="RuntimeOptions.CrashLoopThreshold"/> quick crashes in a row
/// (and keeps trying at the longest delay), and stops it with SIGTERM then SIGKILL.
/// </summary>
internal sealed partial class ProcessSupervisor(
    ProcessRuntime runtime,
    ReleaseLaunch launch,
    string artifactDirectory,
    string command,
    int port,
    string home,
    SandboxSession sandbox,
    RuntimeOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly object gate = new();
    private readonly CancellationTokenSource stopping = new();
    private ChildProcess? process;
    private Task? loop;
    private RuntimeInstancePhase phase = RuntimeInstancePhase.Running;
    private int restarts;
    private int crashesInARow;
    private string? lastExit;
    private bool stopRequested;

    public int Port => port;

    /// <summary>Loopback, on the same port across restarts (the route stays valid).</summary>
    public Uri Address { get; } = new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));

    public int? ProcessId
    {
        get
        {
            lock (gate)
            {
                return process?.Id;
            }
        }
    }

    public RuntimeInstanceState State
    {
        get
        {
            lock (gate)
            {
                return new RuntimeInstanceState(phase, Address, InstanceLabel(process?.Id), restarts, lastExit) { HostProcessId = process?.Id };
            }
        }
    }

    /// <summary>What people see of a running instance: <c>pid 1234</c>.</summary>
    public static string? InstanceLabel(int? processId) =>
        processId is { } pid ? string.Create(CultureInfo.InvariantCulture, $"pid {pid}") : null;

    public void Start()
    {
        var first = Launch();
        loop = Task.Run(() => SuperviseAsync(first));
    }

    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        ChildProcess? running;
        lock (gate)
        {
            stopRequested = true;
            running = process;
            phase = RuntimeInstancePhase.Stopped;
        }

        await stopping.CancelAsync();

        if (running is not null)
        {
            launch.Log($"Stopping (SIGTERM, kill after {grace.TotalSeconds:0.#} s).");
            await running.StopAsync(grace, cancellationToken);
        }

        if (loop is not null)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        runtime.DeletePidFile(launch.ReleaseId);
        sandbox.Dispose();
        Dispose();
    }

    public void Dispose() => stopping.Dispose();

    private ChildProcess Launch()
    {
        // In the sandbox: prlimit for open files, then the start command through the shell.
        var inner = new List<string>();
        if (OpenFilesLimit(options.MaxOpenFiles) is { } nofile && ToolLocator.Find("prlimit", sandbox.SearchPath) is not null)
        {
            inner.AddRange(["prlimit", string.Create(CultureInfo.InvariantCulture, $"--nofile={nofile}"), "--"]);
        }

        inner.AddRange(["/bin/sh", "-c", "exec " + command]);
        var environment = RuntimeEnvironment.For(launch.ReleaseId, port, home, launch.Variables, sandbox.SearchPath);
        var started = ChildProcess.Start(sandbox.Wrap(inner[0], inner.Skip(1), artifactDirectory, environment), launch.Log);
        lock (gate)
        {
            // A stop that came while a restart was being launched saw no process to signal: this one must not outlive it.
            if (stopRequested)
            {
                started.Kill();
                started.Dispose();
                throw new OperationCanceledException("The release was stopped while it restarted.");
            }

            process = started;
            phase = RuntimeInstancePhase.Running;
        }

        runtime.WritePidFile(launch.ReleaseId, started.Id);
        launch.Log($"Started pid {started.Id} on port {port}: {command}");
        return started;
    }

    /// <summary>
    /// The configured limit, lowered to the console's own hard limit: raising it needs CAP_SYS_RESOURCE, which containers
    /// usually drop, and prlimit would then refuse to start the app at all.
    /// </summary>
    internal static long? OpenFilesLimit(int configured)
    {
        if (configured <= 0)
        {
            return null;
        }

        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var parts = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is { Length: >= 2 } && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var hard))
            {
                return Math.Min(configured, hard);
            }
        }
        catch (IOException)
        {
            // No /proc: not Linux; no limit rather than a refusal to start.
            return null;
        }

        return configured;
    }

    private async Task SuperviseAsync(ChildProcess current)
    {
        var token = stopping.Token;
        while (true)
        {
            var startedAt = time.GetTimestamp();
            var code = await current.WaitForExitAsync(CancellationToken.None);
            current.Dispose();
            if (token.IsCancellationRequested)
            {
                return;
            }

            var delay = NextDelay(time.GetElapsedTime(startedAt), code);
            try
            {
                await Task.Delay(delay, time, token);
                current = Launch();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                // The next loop round counts it as one more crash.
                launch.Log($"Restart failed: {ex.Message}");
                LogRestartFailed(logger, launch.ReleaseId, ex);
                return;
            }
        }
    }

    private TimeSpan NextDelay(TimeSpan uptime, int exitCode)
    {
        lock (gate)
        {
            crashesInARow = uptime.TotalSeconds >= options.StableSeconds ? 1 : crashesInARow + 1;
            restarts++;
            var limit = sandbox.LimitReached() is { } reached ? $": it {reached}" : "";
            lastExit = string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode} after {uptime.TotalSeconds:0.#} s{limit}");
            phase = crashesInARow >= options.CrashLoopThreshold ? RuntimeInstancePhase.CrashLoop : RuntimeInstancePhase.Restarting;
            process = null;
            var seconds = Math.Min(options.RestartBackoffMaxSeconds, options.RestartBackoffSeconds * Math.Pow(2, crashesInARow - 1));
            launch.Log(string.Create(CultureInfo.InvariantCulture,
                $"Crashed ({lastExit}); restart {restarts} in {seconds:0.##} s{(phase == RuntimeInstancePhase.CrashLoop ? " — crash loop" : "")}."));
            LogCrash(logger, launch.ReleaseId, exitCode, phase == RuntimeInstancePhase.CrashLoop);
            return TimeSpan.FromSeconds(seconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release {ReleaseId} exited with code {ExitCode} (crash loop: {CrashLoop}); restarting.")]
    private static partial void LogCrash(ILogger logger, long releaseId, int exitCode, bool crashLoop);

    [LoggerMessage(Level = LogLevel.Error, Message = "Release {ReleaseId} could not be restarted.")]
    private static partial void LogRestartFailed(ILogger logger, long releaseId, Exception exception);
}
