using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Domain.Webhooks;
using BlazorConsole.Git.Webhooks;
using BlazorConsole.Pipeline.Queue;

namespace BlazorConsole.Application.Webhooks;

/// <summary>
/// The webhook decision, without HTTP: what a verified delivery means (malformed, ping, ignored, skipped by the trigger
/// rules, or a build to queue) and the status the provider is answered with. Web's receiver maps it to a response.
/// </summary>
internal static class DeliveryDecisions
{
    /// <summary>Parses and applies today's rules; the receiver decides a fresh delivery with it, Redeliver a stored body.</summary>
    public static DeliveryDraft Decide(DeliveryDraft draft, WebhookEnvelope envelope, WebhookRequest request, TriggerSettings settings, BuildTrigger trigger)
    {
        WebhookParseResult parsed;
        try
        {
            parsed = WebhookInspector.Parse(envelope, request);
        }
        catch (MalformedWebhookException e)
        {
            return draft with { Status = 400, Decision = WebhookDecision.Rejected, Reason = SkipReason.Malformed, Detail = e.Message };
        }

        switch (parsed.Kind)
        {
            case WebhookEventKind.Ping:
                return draft with { Status = 200, Decision = WebhookDecision.Pong, Detail = "endpoint check answered" };
            case WebhookEventKind.Ignored:
                return draft with { Status = 200, Decision = WebhookDecision.Skipped, Reason = SkipReason.EventIgnored, Detail = $"{envelope.Provider.DisplayName} '{envelope.EventName}' events do not build; only pushes do" };
            case WebhookEventKind.RefDeleted:
                return draft with { Status = 200, Decision = WebhookDecision.Skipped, Reason = SkipReason.RefDeleted, Detail = $"{parsed.RefDescription} was deleted" };
        }

        var push = parsed.Push!;
        draft = draft with { Ref = push.Ref, CommitSha = push.Deleted ? null : push.HeadCommit?.Id ?? push.After, CommitTitle = push.HeadCommit?.Title };
        var decision = TriggerRules.Evaluate(settings, push.ToFacts());
        if (!decision.Builds)
        {
            return draft with { Status = 200, Decision = decision.Decision, Reason = decision.Reason, Detail = decision.Explanation };
        }

        var head = push.HeadCommit;
        var build = new BuildDraft(
            trigger,
            decision.Decision == WebhookDecision.AwaitingApproval ? BuildStatus.AwaitingApproval : BuildStatus.Queued,
            push.Ref,
            head?.Id ?? push.After,
            head?.Message,
            head?.Author.Name ?? head?.Author.Login ?? push.Pusher?.Login,
            head?.Url,
            RequestedByUserId: null,
            DeduplicateByDeliveryId: true);
        return draft with { Status = 202, Decision = decision.Decision, Reason = null, Detail = decision.Explanation, Build = build };
    }
}
