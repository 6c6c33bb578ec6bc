using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Domain.Triggers;

namespace BlazorConsole.Git.Webhooks;

/// <summary>A push (branch or tag, created, updated or deleted) in one shape for every provider.</summary>
public sealed record PushEvent
{
    public required GitProviderKind Provider { get; init; }

    /// <summary>Full ref: <c>refs/heads/feature/x</c>, <c>refs/tags/v1.0</c>.</summary>
    public required string Ref { get; init; }

    public RefKind RefKind => RefMatcher.KindOf(Ref);

    /// <summary>Branch or tag name with its slashes: <c>feature/x</c>.</summary>
    public string RefName => RefMatcher.ShortName(Ref);

    public required string Before { get; init; }

    public required string After { get; init; }

    public bool Created { get; init; }

    public bool Deleted { get; init; }

    public string? BaseRef { get; init; }

    public IReadOnlyList<PushCommit> Commits { get; init; } = [];

    /// <summary>The commit the ref now points at (GitHub/Gitee: head_commit; GitLab/Gitea/Gogs: the commit whose id is <see cref="After"/>).</summary>
    public PushCommit? HeadCommit { get; init; }

    public required PushRepository Repository { get; init; }

    public PushUser? Pusher { get; init; }

    public PushFacts ToFacts() => new(Ref, Deleted, HeadCommit?.Message, Commits.Select(c => c.Message).ToList());
}

public sealed record PushCommit(string Id, string Message, PushUser Author, string? Url, DateTimeOffset? Timestamp)
{
    /// <summary>The first line, for lists.</summary>
    public string Title => Message.Split('\n', 2)[0].TrimEnd('\r');
}

public sealed record PushUser(string? Login, string? Name, string? Email);

public sealed record PushRepository(
    string? Id,
    string Namespace,
    string Name,
    string? CloneUrl,
    string? SshUrl,
    string? WebUrl,
    string? DefaultBranch,
    bool Private)
{
    public string FullName => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
