namespace BlazorConsole.Git.Webhooks;

public enum WebhookEventKind
{
    /// <summary>A push to a branch or tag (including creation and deletion by push).</summary>
    Push,

    /// <summary>The provider's "test the endpoint" event (GitHub ping, Gitee/GitLab test hooks without a push).</summary>
    Ping,

    /// <summary>A ref was deleted (GitHub/Gitea/Gogs "delete" event).</summary>
    RefDeleted,

    /// <summary>Anything else (issues, pull requests, branch "create" events that a push event also reports).</summary>
    Ignored,
}

public sealed record WebhookParseResult(WebhookEventKind Kind, PushEvent? Push = null, string? RefDescription = null)
{
    public static readonly WebhookParseResult Ping = new(WebhookEventKind.Ping);

    public static readonly WebhookParseResult Ignored = new(WebhookEventKind.Ignored);
}

/// <summary>The body is not what the provider sends for this event; the message says what was wrong.</summary>
public sealed class MalformedWebhookException(string message, Exception? inner = null) : Exception(message, inner);
