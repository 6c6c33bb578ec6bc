using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace BlazorConsole.Pipeline.Processes;

/// <summary>
/// What to run: an executable and its arguments (never a shell string), the working directory and the whole
/// environment (nothing of the console's own is inherited). A sandboxed command arrives already wrapped (see
/// <c>SandboxSession.Wrap</c>), which also says who hears the TERM of a stop.
/// </summary>
public sealed record ChildProcessCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment)
{
    public TerminationTarget TerminationTarget { get; init; } = TerminationTarget.ProcessGroup;
}

/// <summary>
/// One running child process: started from the launcher thread (see <see cref="ProcessLauncher"/>) as the leader of a
/// process group of its own (through <c>setsid</c>), so a stop reaches everything it spawned; stdin is closed at once;
/// every stdout and stderr line goes to a callback (which redacts, where the caller's log needs it).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    /// <summary>How long output is still read after the process ended (a background process may hold the pipe open).</summary>
    internal static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopped process may take to go once it was killed.</summary>
    private static readonly TimeSpan KilledExitTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<string?> Setsid = new(() => ToolLocator.Find("setsid", ToolLocator.SystemPath));

    private readonly Process process;
    private readonly Task exited;
    private readonly Task output;
    private readonly TerminationTarget terminationTarget;

    private ChildProcess(Process process, TerminationTarget terminationTarget, Action<string> onOutputLine, Action<string> onErrorLine)
    {
        this.process = process;
        this.terminationTarget = terminationTarget;
        Id = process.Id;
        exited = process.WaitForExitAsync(CancellationToken.None);
        process.StandardInput.Close(); // nothing a child runs waits for a keyboard
        output = Task.WhenAll(PumpAsync(process.StandardOutput, onOutputLine), PumpAsync(process.StandardError, onErrorLine));
    }

    public int Id { get; }

    public bool HasExited => exited.IsCompleted;

    /// <summary>Starts <paramref name="command"/>; returns once it runs.</summary>
    /// <param name="onErrorLine">Where stderr lines go; default: <paramref name="onOutputLine"/>.</param>
    /// <exception cref="Win32Exception">The executable does not exist or cannot be run.</exception>
    public static async Task<ChildProcess> StartAsync(ChildProcessCommand command, Action<string> onOutputLine, Action<string>? onErrorLine = null)
    {
        var process = Prepare(command);
        try
        {
            // From the launcher thread: a sandbox started with --die-with-parent lives as long as the console, not as this thread.
            await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new ChildProcess(process, command.TerminationTarget, onOutputLine, onErrorLine ?? onOutputLine);
    }

    /// <summary>Synchronous form of <see cref="StartAsync"/> for callers that hold a lock; blocks only for the fork itself.</summary>
    public static ChildProcess Start(ChildProcessCommand command, Action<string> onOutputLine, Action<string>? onErrorLine = null) =>
        StartAsync(command, onOutputLine, onErrorLine).GetAwaiter().GetResult();

    /// <summary>
    /// Waits until the process ended and what it wrote was read (a background process that keeps the pipes open is
    /// waited for at most <see cref="OutputDrainTimeout"/>); returns its exit code.
    /// </summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        await DrainOutputAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>
    /// TERM (to its group, or to the processes inside its sandbox), up to <paramref name="grace"/> to exit (less when
    /// <paramref name="cancellationToken"/> fires), then KILL to the group and every process below; returns when it ended
    /// (or did not within 10 s of the KILL) and its output was read.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        await ProcessSignals.StopAsync(Id, terminationTarget, grace, cancellationToken, () => HasExited).ConfigureAwait(false);
        await exited.WaitAsync(KilledExitTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DrainOutputAsync().ConfigureAwait(false);
    }

    /// <summary>KILL to its group and every process below it, at once.</summary>
    public void Kill() => ProcessSignals.KillNow(Id, () => HasExited);

    public void Dispose() => process.Dispose();

    private async Task DrainOutputAsync() => await Task.WhenAny(output, Task.Delay(OutputDrainTimeout, CancellationToken.None)).ConfigureAwait(false);

    private static Process Prepare(ChildProcessCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        // Resolved here, as Process.Start would: through setsid a missing program would only show as exit code 127.
        var executable = ToolLocator.Find(command.FileName)
            ?? throw new Win32Exception(2, $"'{command.FileName}' was not found or is not executable.");
        var start = new ProcessStartInfo
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // setsid: the child leads a process group (and session) of its own, so a stop reaches every process it spawned.
        // A child of .NET leads no group, so setsid execs in place: the pid stays the child's.
        if (Setsid.Value is { } setsid)
        {
            start.FileName = setsid;
            start.ArgumentList.Add(executable);
        }
        else
        {
            start.FileName = executable;
        }

        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in command.Environment)
        {
            start.Environment[key] = value;
        }

        return new Process { StartInfo = start, EnableRaisingEvents = true };
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
