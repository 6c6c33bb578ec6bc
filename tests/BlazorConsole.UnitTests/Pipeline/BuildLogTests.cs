using System.Collections.Concurrent;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Logs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class BuildLogTests : IDisposable
{
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("bc-logs-");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private readonly InProcessBuildLogNotifier notifier;
    private readonly BuildLogStore store;

    public BuildLogTests()
    {
        notifier = new InProcessBuildLogNotifier(Options.Create(new BuildsOptions()), time, NullLogger<InProcessBuildLogNotifier>.Instance);
        store = new BuildLogStore(new PipelinePaths(data.FullName), notifier, time);
    }

    public void Dispose()
    {
        notifier.Dispose();
        data.Delete(recursive: true);
    }

    [Fact]
    public void Lines_are_numbered_from_one_timestamped_redacted_and_read_back_from_any_line()
    {
        using (var writer = store.OpenWriter("b-1", new SecretRedactor(["s3cr3t"])))
        {
            writer.Write("Cloning https://u:s3cr3t@host/repo");
            time.Advance(TimeSpan.FromSeconds(2));
            writer.Write("two\r\nthree\n");
            writer.Write("downloading 10%\rdownloading 100%");
        }

        var all = store.Read("b-1");
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(l => l.Sequence));
        Assert.Equal(["Cloning https://***@host/repo", "two", "three", "", "downloading 100%"], all.Select(l => l.Text));
        Assert.Equal(time.GetUtcNow(), all[1].Time);
        Assert.Equal(["three", "", "downloading 100%"], store.Read("b-1", fromSequence: 3).Select(l => l.Text));
        Assert.Equal(["three"], store.Read("b-1", fromSequence: 3, maxLines: 1).Select(l => l.Text));
        Assert.Empty(store.Read("b-1", fromSequence: 6));
        Assert.Empty(store.Read("never-ran"));
        Assert.DoesNotContain("s3cr3t", File.ReadAllText(store.PathFor("b-1")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotating_log_keeps_about_twice_its_limit_and_reads_on_without_gaps_or_repeats_across_the_rotation_and_a_restart()
    {
        const int limit = 4096;
        var path = store.PathFor("runtime-x");
        using (var writer = store.OpenWriter("runtime-x", rotateAtBytes: limit))
        {
            for (var i = 1; i <= 1000; i++)
            {
                writer.Write($"request {i} served in {i % 17} ms");
                Assert.True(new FileInfo(path).Length < limit + 200, "the current part stays under the limit (plus one batch)");
            }
        }

        Assert.True(File.Exists(BuildLogWriter.RotatedPath(path)));
        Assert.True(new FileInfo(BuildLogWriter.RotatedPath(path)).Length < limit + 200);
        var kept = store.Read("runtime-x");
        Assert.Equal(1000, kept[^1].Sequence);
        Assert.Equal(Enumerable.Range((int)kept[0].Sequence, kept.Count).Select(n => (long)n), kept.Select(l => l.Sequence));
        Assert.Equal("request 1000 served in 14 ms", kept[^1].Text);
        Assert.True(kept[0].Sequence > 1, "the oldest lines are gone");
        Assert.True(kept.Count > File.ReadAllLines(path).Length, "the rotated part is read too");

        // From a line in the rotated part, a line in the current part, and after a restart right after a rotation.
        Assert.Equal(kept[1].Sequence, store.Read("runtime-x", fromSequence: kept[1].Sequence)[0].Sequence);
        Assert.Equal([999L, 1000], store.Read("runtime-x", fromSequence: 999).Select(l => l.Sequence));
        File.Move(path, BuildLogWriter.RotatedPath(path), overwrite: true);
        File.WriteAllText(path, "");
        using (var writer = store.OpenWriter("runtime-x", rotateAtBytes: limit))
        {
            Assert.Equal(1000, writer.LastSequence);
            writer.Write("after restart");
        }

        Assert.Equal([1000L, 1001], store.Read("runtime-x", fromSequence: 1000).Select(l => l.Sequence));
    }

    [Fact]
    public void Reopening_the_log_of_an_interrupted_build_continues_the_numbering_and_drops_a_half_written_line()
    {
        using (var writer = store.OpenWriter("b-2"))
        {
            writer.Write("one");
            writer.Write("two");
        }

        File.AppendAllText(store.PathFor("b-2"), "3\t2026-11-28T10:00:00.000Z\thalf wri");
        using (var writer = store.OpenWriter("b-2"))
        {
            Assert.Equal(2, writer.LastSequence);
            writer.Write("after restart");
        }

        Assert.Equal(["1 one", "2 two", "3 after restart"], store.Read("b-2").Select(l => $"{l.Sequence} {l.Text}"));
    }

    [Fact]
    public async Task Concurrent_writers_get_every_line_exactly_once_without_gaps()
    {
        const int Threads = 8;
        const int PerThread = 500;
        using (var writer = store.OpenWriter("b-3"))
        {
            await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < PerThread; i++)
                {
                    writer.Write($"t{t} line {i}");
                }
            })));
        }

        var lines = store.Read("b-3");
        Assert.Equal(Enumerable.Range(1, Threads * PerThread).Select(i => (long)i), lines.Select(l => l.Sequence));
        Assert.Equal(Threads * PerThread, lines.Select(l => l.Text).Distinct().Count());

        // Each writer's own lines keep their order.
        var ofThread3 = lines.Where(l => l.Text.StartsWith("t3 ", StringComparison.Ordinal)).Select(l => l.Text).ToList();
        Assert.Equal(Enumerable.Range(0, PerThread).Select(i => $"t3 line {i}"), ofThread3);
    }

    [Fact]
    public void Live_subscribers_get_lines_in_batches_and_the_completion()
    {
        var batches = new List<BuildLogBatch>();
        using var subscription = notifier.Subscribe("b-4", batches.Add);
        var writer = store.OpenWriter("b-4");
        writer.Write("a");
        writer.Write("b");
        Assert.Empty(batches); // not before the batch interval

        time.Advance(TimeSpan.FromMilliseconds(50));
        writer.Write("c");
        writer.Complete();
        time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal(2, batches.Count);
        Assert.Equal(["a", "b"], batches[0].Lines.Select(l => l.Text));
        Assert.False(batches[0].Completed);
        Assert.Equal(["c"], batches[1].Lines.Select(l => l.Text));
        Assert.True(batches[1].Completed);
    }

    [Fact]
    public void A_disposed_subscription_gets_nothing_more_and_a_late_subscriber_still_learns_of_completion()
    {
        var first = new List<BuildLogBatch>();
        var subscription = notifier.Subscribe("b-5", first.Add);
        var writer = store.OpenWriter("b-5");
        subscription.Dispose();
        writer.Write("unseen");
        writer.Complete();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(first);

        var late = new List<BuildLogBatch>();
        using var lateSubscription = notifier.Subscribe("b-5", late.Add);
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(Assert.Single(late).Completed);
    }

    [Fact]
    public async Task Following_from_line_n_while_the_build_writes_delivers_every_later_line_once_in_order()
    {
        using var realNotifier = new InProcessBuildLogNotifier(Options.Create(new BuildsOptions { LogBatchMilliseconds = 10 }),
            TimeProvider.System, NullLogger<InProcessBuildLogNotifier>.Instance);
        var realStore = new BuildLogStore(new PipelinePaths(data.FullName), realNotifier, TimeProvider.System);
        var writer = realStore.OpenWriter("b-6");
        for (var i = 1; i <= 100; i++)
        {
            writer.Write($"line {i}");
        }

        var received = new ConcurrentQueue<long>();
        var done = new TaskCompletionSource();
        var producer = Task.Run(() =>
        {
            for (var i = 101; i <= 3000; i++)
            {
                writer.Write($"line {i}");
            }

            writer.Complete();
        });

        // Reconnect in the middle of the build, resuming after line 50.
        using var follow = realStore.Follow("b-6", 51, batch =>
        {
            foreach (var line in batch.Lines)
            {
                received.Enqueue(line.Sequence);
            }

            if (batch.Completed)
            {
                done.TrySetResult();
            }
        });
        await producer;
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(51, 3000 - 50).Select(i => (long)i), received);
    }
}
