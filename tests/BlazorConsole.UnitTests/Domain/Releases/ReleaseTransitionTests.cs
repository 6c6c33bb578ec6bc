using BlazorConsole.Domain.Events;
using BlazorConsole.Domain.Releases;

namespace BlazorConsole.UnitTests.Domain.Releases;

public class ReleaseTransitionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Component = Guid.NewGuid();

    [Fact]
    public void A_new_release_starts_then_is_promoted_to_current_and_says_so()
    {
        var release = Release.Create(Component, buildId: 7, ReleaseArtifactKind.Directory, "/data/artifacts/7", "  node server.js ", "process", At);
        Assert.Equal((ReleaseStatus.Starting, false, "node server.js"), (release.Status, release.IsCurrent, release.StartCommand));
        Assert.Empty(release.DomainEvents); // its id is the database's: the deployer announces it once saved

        release.Promote(41000, "GET / → 200", At.AddSeconds(2));

        Assert.Equal((ReleaseStatus.Running, true, true, 41000), (release.Status, release.IsCurrent, release.DesiredRunning, release.Port));
        Assert.Equal(new ReleasePromoted(Component, release.Id, 7), Assert.Single(release.DomainEvents));
    }

    [Fact]
    public void A_release_keeps_what_kind_of_artifact_it_runs()
    {
        var release = Release.Create(Component, 7, ReleaseArtifactKind.Image, "blazorconsole/web:7", null, "docker", At);

        Assert.Equal((ReleaseArtifactKind.Image, "blazorconsole/web:7", "docker"), (release.ArtifactKind, release.ArtifactLocation, release.Runtime));
        Assert.Throws<ArgumentOutOfRangeException>(() => Release.Create(Component, 7, (ReleaseArtifactKind)9, "x", null, "docker", At));
    }

    [Fact]
    public void A_failed_health_check_keeps_the_tail_of_its_log_and_the_reason()
    {
        var release = Release.Create(Component, 7, ReleaseArtifactKind.Directory, "/a", null, "process", At);
        var log = new string('x', Release.HealthLogMaxLength) + "connection refused";

        release.Fail("The health check failed; the previous release keeps serving.", log, At);

        Assert.Equal(ReleaseStatus.Failed, release.Status);
        Assert.EndsWith("connection refused", release.HealthLog, StringComparison.Ordinal);
        Assert.Equal(Release.HealthLogMaxLength, release.HealthLog!.Length);
        Assert.IsType<ReleaseFailed>(Assert.Single(release.DomainEvents));
        Assert.Throws<InvalidOperationException>(() => release.Promote(1, null, At)); // a failed release never serves
    }

    [Fact]
    public void Only_the_current_release_is_stopped_or_restarted_and_a_stop_is_remembered()
    {
        var release = Release.Create(Component, 7, ReleaseArtifactKind.Directory, "/a", null, "process", At);
        Assert.Throws<InvalidOperationException>(() => release.Stop(At));
        Assert.Throws<InvalidOperationException>(release.Restart);

        release.Promote(41000, null, At);
        release.Stop(At.AddMinutes(1));
        Assert.Equal((ReleaseStatus.Stopped, false), (release.Status, release.DesiredRunning));

        release.Restart();
        Assert.Equal((ReleaseStatus.Starting, true), (release.Status, release.DesiredRunning));
        Assert.Equal(
            [typeof(ReleasePromoted), typeof(ReleaseStopped), typeof(ReleaseStarted)],
            release.DomainEvents.Select(e => e.GetType()));
    }

    [Fact]
    public void A_replaced_release_is_superseded_once_retired_but_a_failed_one_keeps_its_outcome()
    {
        var running = Release.Create(Component, 7, ReleaseArtifactKind.Directory, "/a", null, "process", At);
        running.Promote(41000, null, At);
        Assert.Throws<InvalidOperationException>(() => running.Supersede(At)); // still serving

        running.Retire();
        running.Supersede(At.AddSeconds(5));
        Assert.Equal(ReleaseStatus.Superseded, running.Status);

        var failed = Release.Create(Component, 8, ReleaseArtifactKind.Directory, "/b", null, "process", At);
        failed.Fail("Could not start: exit 1", null, At);
        failed.Supersede(At);
        Assert.Equal(ReleaseStatus.Failed, failed.Status);
    }
}
