namespace BlazorConsole.Git.Providers;

public enum GitProviderErrorKind
{
    /// <summary>The token was refused (revoked, expired): authenticate again.</summary>
    Unauthorized,

    /// <summary>The token lacks a scope; <see cref="GitProviderException.MissingScope"/> names it when the provider says.</summary>
    InsufficientScope,

    /// <summary>Too many requests; <see cref="GitProviderException.RateLimitResetsAt"/> says when it resets when known.</summary>
    RateLimited,

    NotFound,

    /// <summary>The provider refused the input (e.g. a webhook that already exists).</summary>
    Rejected,

    /// <summary>The provider could not be reached or answered something unusable.</summary>
    Unavailable,
}

/// <summary>A provider failure, with a message written for the person who has to act on it.</summary>
public sealed class GitProviderException : Exception
{
    public GitProviderException()
    {
    }

    public GitProviderException(string message)
        : base(message)
    {
    }

    public GitProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitProviderException(GitProviderErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public GitProviderErrorKind Kind { get; init; } = GitProviderErrorKind.Unavailable;

    public int? StatusCode { get; init; }

    public string? MissingScope { get; init; }

    public DateTimeOffset? RateLimitResetsAt { get; init; }

    public static GitProviderException Unauthorized(string provider, int? status = null, Exception? inner = null) =>
        new(GitProviderErrorKind.Unauthorized, $"{provider} refused the stored token (it expired or was revoked). Re-authenticate under Personal Center → OAuth Account Binding.", inner)
        {
            StatusCode = status,
        };

    public static GitProviderException Scope(string provider, string? scope, int? status = null, Exception? inner = null) =>
        new(GitProviderErrorKind.InsufficientScope,
            scope is null
                ? $"{provider} says the token lacks a permission this needs. Re-authenticate and grant every requested scope."
                : $"{provider} says the token lacks the '{scope}' scope. Re-authenticate and grant it (the OAuth application must request it).",
            inner)
        {
            StatusCode = status,
            MissingScope = scope,
        };

    public static GitProviderException RateLimit(string provider, DateTimeOffset? resetsAt, int? status = null, Exception? inner = null) =>
        new(GitProviderErrorKind.RateLimited,
            resetsAt is { } at
                ? $"{provider} rate limit reached; it resets at {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC."
                : $"{provider} rate limit reached; try again in a few minutes.",
            inner)
        {
            StatusCode = status,
            RateLimitResetsAt = resetsAt,
        };
}
