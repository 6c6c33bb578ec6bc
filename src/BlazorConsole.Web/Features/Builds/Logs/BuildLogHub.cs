using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BlazorConsole.Domain.Builds;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Web.Auth;
using BlazorConsole.Pipeline.Workers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using BlazorConsole.Application.Builds;

namespace BlazorConsole.Web.Features.Builds.Logs;

/// <summary>One log line as sent to hub clients.</summary>
public sealed record BuildLogLineMessage(long Seq, DateTimeOffset Time, string Text);

/// <summary>Lines in sequence order; <see cref="Completed"/> on the last batch of a finished build (the stream then ends).</summary>
public sealed record BuildLogBatchMessage(IReadOnlyList<BuildLogLineMessage> Lines, bool Completed);

/// <summary>
/// <c>/hubs/build-logs</c> for browsers and external clients (cookie or bearer API token). <c>Follow(buildId, fromSeq)</c>
/// is a server-to-client stream: the file from <c>fromSeq</c>, then live batches. A per-connection stream rather than a
/// broadcast group, because a client that resumes from its last sequence number needs its own catch-up followed
/// exactly by the live lines (<see cref="BuildLogStore.Follow"/> guarantees no gap and no duplicate); the notifier is the
/// per-build fan-out.
/// </summary>
internal sealed class BuildLogHub(BuildLogStore logs, BuildQueries builds, IAuthorizationService authorization) : Hub
{
    public const string Path = "/hubs/build-logs";

    /// <summary>Large catch-ups (a 100,000-line log) go out in messages of this many lines.</summary>
    private const int MaxLinesPerMessage = 2000;

    public async IAsyncEnumerable<BuildLogBatchMessage> Follow(long buildId, long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var allowed = await authorization.AuthorizeAsync(Context.User!, new TeamScopedReference(TeamScopedResource.Build, buildId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ConsolePolicies.TeamViewer);
        if (!allowed.Succeeded)
        {
            throw new HubException("You may not read this build's log.");
        }

        var key = BuildWorkers.BuildKey(buildId);
        var from = Math.Max(1, fromSequence);
        var build = await builds.FindAsync(buildId, cancellationToken);
        if (build is not null && IsFinished(build.Status))
        {
            // Finished long ago the notifier may have forgotten it: the file is the whole story.
            foreach (var chunk in Chunks(logs.Read(key, from), completed: true))
            {
                yield return chunk;
            }

            yield break;
        }

        var channel = Channel.CreateUnbounded<BuildLogBatch>(new UnboundedChannelOptions { SingleReader = true });
        using var follow = logs.Follow(key, from, batch => channel.Writer.TryWrite(batch));
        await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var chunk in Chunks(batch.Lines, batch.Completed))
            {
                yield return chunk;
            }

            if (batch.Completed)
            {
                yield break;
            }
        }
    }

    internal static bool IsFinished(BuildStatus status) =>
        status is not (BuildStatus.Queued or BuildStatus.AwaitingApproval or BuildStatus.Running);

    private static IEnumerable<BuildLogBatchMessage> Chunks(IReadOnlyList<BuildLogLine> lines, bool completed)
    {
        if (lines.Count == 0)
        {
            yield return new BuildLogBatchMessage([], completed);
            yield break;
        }

        for (var start = 0; start < lines.Count; start += MaxLinesPerMessage)
        {
            var end = Math.Min(lines.Count, start + MaxLinesPerMessage);
            var part = new BuildLogLineMessage[end - start];
            for (var i = start; i < end; i++)
            {
                part[i - start] = new BuildLogLineMessage(lines[i].Sequence, lines[i].Time, lines[i].Text);
            }

            yield return new BuildLogBatchMessage(part, completed && end == lines.Count);
        }
    }
}
