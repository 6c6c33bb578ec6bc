using System.Diagnostics;
using System.Text;

namespace BlazorConsole.Pipeline.Processes;

/// <summary>A command of a build: executable (full path), arguments, working directory and the whole environment.</summary>
public sealed record ChildProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout);

/// <param name="ExitCode">Null when the process was killed (timeout, cancel).</param>
public sealed record ChildProcessOutcome(int? ExitCode, bool TimedOut, bool Canceled, int ProcessId, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Canceled;
}

/// <summary>
/// Runs a build command as a child process with exactly the given environment, streams stdout and stderr line by line
/// to <c>onLine</c>, and on timeout or cancellation kills the whole process tree.
/// </summary>
public static class ChildProcessRunner
{
    /// <summary>How long output is still read after the process ended (a background process may hold the pipe open).</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    /// <param name="onStarted">Called with the process id once it runs (tests, diagnostics).</param>
    public static async Task<ChildProcessOutcome> RunAsync(ChildProcessSpec spec, Action<string> onLine,
        CancellationToken cancellationToken, Action<int>? onStarted = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onLine);
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        // From the launcher thread: a sandbox started with --die-with-parent lives as long as the console, not as this thread.
        await Sandbox.ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        var pid = process.Id;
        process.StandardInput.Close(); // a build never waits for a keyboard
        onStarted?.Invoke(pid);

        var stdout = PumpAsync(process.StandardOutput, onLine);
        var stderr = PumpAsync(process.StandardError, onLine);

        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var killed = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            KillTree(process);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        // Output already written is still read; a background process that kept the pipe open is not waited for.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(OutputDrainTimeout, CancellationToken.None)).ConfigureAwait(false);
        watch.Stop();
        var canceled = killed && cancellationToken.IsCancellationRequested;
        var timedOut = killed && !canceled;
        return new ChildProcessOutcome(killed ? null : process.ExitCode, timedOut, canceled, pid, watch.Elapsed);
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // exited while being killed
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                onLine(line);
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException)
        {
        }
    }
}
