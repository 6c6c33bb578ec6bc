using BlazorConsole.Data;
using BlazorConsole.Data.Leases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BlazorConsole.UnitTests.Data;

/// <summary>The loop every singleton runs in: work only while the lease is held, again once a lost lease is retaken.</summary>
public sealed class SingletonLeasesTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Work_runs_while_held_stops_when_the_lease_is_lost_and_runs_again_once_it_is_taken_back()
    {
        var provider = new ScriptedLeases();
        var held = new HeldLeases();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var leases = new SingletonLeases(provider, held, Options.Create(new LeaseOptions { RetryInterval = Retry }), time, NullLogger<SingletonLeases>.Instance);
        var runs = 0;
        var cancelled = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();

        provider.Free = false; // another replica holds it
        var loop = leases.RunWhileHeldAsync("singleton", async token =>
        {
            runs++;
            await Task.Delay(Timeout.InfiniteTimeSpan, token).ContinueWith(_ => cancelled.TrySetResult(), TaskScheduler.Default);
        }, stop.Token);

        await WaitForAsync(() => provider.Attempts == 1);
        Assert.Equal(0, runs);
        Assert.False(held.Holds("singleton"));

        provider.Free = true; // its holder died
        await AdvanceUntilAsync(time, () => runs == 1 && held.Holds("singleton"));

        provider.Free = false;
        provider.LoseCurrent(); // the session ended under us
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForAsync(() => !held.Holds("singleton") && provider.Attempts == 3);
        Assert.Equal(1, runs);

        provider.Free = true;
        await AdvanceUntilAsync(time, () => runs == 2 && held.Holds("singleton"));

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(held.Holds("singleton"));
        Assert.True(provider.ReleasedAll, "a stopped host releases what it held");
    }

    [Theory]
    [InlineData("replica-1", "replica-1")]
    [InlineData(" eu-west.a_2 ", "eu-west.a_2")]
    [InlineData("-leading-dash", null)]
    [InlineData("has space", null)]
    [InlineData("Ünicode", null)]
    public void A_configured_replica_id_is_kept_when_it_is_a_plain_name_and_refused_otherwise(string configured, string? expected)
    {
        var options = ReplicaOptionsFor(configured);
        if (expected is null)
        {
            var refused = Assert.Throws<OptionsValidationException>(() => options.Value);
            Assert.Contains("Console:ReplicaId", refused.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected, options.Value.ReplicaId);
        }
    }

    [Fact]
    public void Without_a_configured_id_each_replica_gets_a_random_one()
    {
        var first = ReplicaOptionsFor("").Value.ReplicaId;
        var second = ReplicaOptionsFor("").Value.ReplicaId;
        Assert.StartsWith("replica-", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    private static IOptions<ReplicaOptions> ReplicaOptionsFor(string replicaId)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Console:ReplicaId"] = replicaId }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddConsoleData().BuildServiceProvider();
        return services.GetRequiredService<IOptions<ReplicaOptions>>();
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        // The loop registers its retry delay a moment after its attempt: advance until it has seen the change.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            time.Advance(Retry);
            await Task.Delay(10);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>A lease engine the test decides for: free or taken, and a held lease that can be lost.</summary>
    private sealed class ScriptedLeases : ILeaseProvider
    {
        private ScriptedLease? current;
        private int attempts;

        public volatile bool Free;

        public int Attempts => Volatile.Read(ref attempts);

        public bool ReleasedAll => current is null or { Released: true };

        public Task<ILease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref attempts);
            if (!Free || current is { Released: false })
            {
                return Task.FromResult<ILease?>(null);
            }

            current = new ScriptedLease(name);
            return Task.FromResult<ILease?>(current);
        }

        public void LoseCurrent() => current!.Lose();
    }

    private sealed class ScriptedLease(string name) : ILease
    {
        private readonly CancellationTokenSource lost = new();

        public string Name => name;

        public CancellationToken Lost => lost.Token;

        public bool Released { get; private set; }

        public void Lose()
        {
            lost.Cancel();
        }

        public ValueTask DisposeAsync()
        {
            Released = true;
            return ValueTask.CompletedTask;
        }
    }
}
