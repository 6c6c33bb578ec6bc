using System.Diagnostics;

namespace BlazorConsole.Pipeline.Processes;

/// <summary>A command run to its end (a build step, ssh-keygen, git, chown): what to run and how long it may take.</summary>
public sealed record ChildProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout)
{
    public TerminationTarget TerminationTarget { get; init; } = TerminationTarget.ProcessGroup;

    /// <summary>The spec of <paramref name="command"/> (a sandbox-wrapped one, say).</summary>
    public static ChildProcessSpec For(ChildProcessCommand command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new ChildProcessSpec(command.FileName, command.Arguments, command.WorkingDirectory, command.Environment, timeout)
        {
            TerminationTarget = command.TerminationTarget,
        };
    }

    internal ChildProcessCommand Command => new(FileName, Arguments, WorkingDirectory, Environment) { TerminationTarget = TerminationTarget };
}

/// <param name="ExitCode">Null when the process was stopped (timeout, cancel).</param>
public sealed record ChildProcessOutcome(int? ExitCode, bool TimedOut, bool Canceled, int ProcessId, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Canceled;
}

/// <summary>
/// Runs a command as a <see cref="ChildProcess"/> to its end, streams stdout and stderr line by line to <c>onLine</c>,
/// and on timeout or cancellation stops its whole process group (TERM, then KILL after <see cref="StopGrace"/>).
/// </summary>
public static class ChildProcessRunner
{
    /// <summary>How long a timed-out or canceled command has between TERM and KILL.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <param name="onStarted">Called with the process id once it runs (tests, diagnostics).</param>
    /// <param name="onErrorLine">Where stderr lines go; default: <paramref name="onLine"/>.</param>
    public static async Task<ChildProcessOutcome> RunAsync(ChildProcessSpec spec, Action<string> onLine,
        CancellationToken cancellationToken, Action<int>? onStarted = null, Action<string>? onErrorLine = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onLine);
        cancellationToken.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        using var process = await ChildProcess.StartAsync(spec.Command, onLine, onErrorLine).ConfigureAwait(false);
        onStarted?.Invoke(process.Id);

        using var timeout = new CancellationTokenSource(spec.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int? exitCode = null;
        try
        {
            exitCode = await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(StopGrace, CancellationToken.None).ConfigureAwait(false);
        }

        watch.Stop();
        var killed = exitCode is null;
        var canceled = killed && cancellationToken.IsCancellationRequested;
        var timedOut = killed && !canceled;
        return new ChildProcessOutcome(exitCode, timedOut, canceled, process.Id, watch.Elapsed);
    }

    /// <summary>Synchronous form of <see cref="RunAsync"/>, for the few callers that are synchronous themselves.</summary>
    public static ChildProcessOutcome Run(ChildProcessSpec spec, Action<string> onLine, Action<string>? onErrorLine = null) =>
        RunAsync(spec, onLine, CancellationToken.None, onErrorLine: onErrorLine).GetAwaiter().GetResult();
}
