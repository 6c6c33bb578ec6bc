using System.Collections.Concurrent;
using System.Diagnostics;

namespace BlazorConsole.Pipeline.Processes;

/// <summary>
/// Starts child processes from one thread that lives as long as the console. Why: bubblewrap's
/// <c>--die-with-parent</c> (PR_SET_PDEATHSIG) fires when the <em>thread</em> that forked it ends, and a thread-pool
/// thread that started a release may retire minutes later, killing a healthy app. A process started here dies with
/// the console (kill -9 included), never before.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Requests = new();

    static ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "BlazorConsole process launcher" };
        thread.Start();
    }

    /// <summary>Starts <paramref name="process"/> on the launcher thread; returns once it runs (or throws what Start threw).</summary>
    public static Task StartAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((process, started));
        return started.Task;
    }

    /// <summary>Synchronous form for callers that hold a lock; blocks only for the fork itself.</summary>
    public static void Start(Process process) => StartAsync(process).GetAwaiter().GetResult();

    private static void Run()
    {
        foreach (var (process, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
