namespace BlazorConsole.Git.Webhooks;

public enum WebhookProvider
{
    GitHub,
    GitLab,
    Gitee,
    Gitea,
    Gogs,
}

public static class WebhookProviderNames
{
    public static string ToApi(this WebhookProvider provider) => provider switch
    {
        WebhookProvider.GitHub => "github",
        WebhookProvider.GitLab => "gitlab",
        WebhookProvider.Gitee => "gitee",
        WebhookProvider.Gitea => "gitea",
        WebhookProvider.Gogs => "gogs",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static string DisplayName(this WebhookProvider provider) => provider switch
    {
        WebhookProvider.GitHub => "GitHub",
        WebhookProvider.GitLab => "GitLab",
        WebhookProvider.Gitee => "Gitee",
        WebhookProvider.Gitea => "Gitea",
        WebhookProvider.Gogs => "Gogs",
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
