namespace BlazorConsole.Web.Features.Components;

/// <summary>
/// For pages that listen to <see cref="ComponentEvents"/> across many components: a burst of changes (a stream of
/// webhook deliveries) causes at most one refresh per interval instead of one query per change.
/// </summary>
public sealed class RefreshThrottle(TimeSpan interval)
{
    private int pending;

    /// <summary>Schedules <paramref name="refresh"/> on the component's dispatcher unless one is already waiting.</summary>
    public void Request(Func<Func<Task>, Task> invokeAsync, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(invokeAsync);
        ArgumentNullException.ThrowIfNull(refresh);
        if (Interlocked.Exchange(ref pending, 1) == 1)
        {
            return;
        }

        _ = invokeAsync(async () =>
        {
            await Task.Delay(interval);
            Interlocked.Exchange(ref pending, 0);
            await refresh();
        });
    }
}
