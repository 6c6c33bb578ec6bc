namespace BlazorConsole.Pipeline.Checkout;

public enum GitCheckoutFailure
{
    InvalidUrl,
    AuthenticationFailed,
    RepositoryNotFound,
    RefNotFound,
    CommitNotFound,
    Network,

    /// <summary>An SSH server showed another host key than the one pinned on the first fetch.</summary>
    HostKeyChanged,
    Other,

    /// <summary>The repository's server resolves only to addresses the outbound rules refuse (see <c>Outbound</c> options).</summary>
    AddressRefused,
}

/// <summary>A checkout that failed for a reason a person can act on. The message never contains credentials.</summary>
public sealed class GitCheckoutException : Exception
{
    public GitCheckoutException(GitCheckoutFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public GitCheckoutException()
    {
    }

    public GitCheckoutException(string message)
        : base(message)
    {
    }

    public GitCheckoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitCheckoutFailure Failure { get; } = GitCheckoutFailure.Other;
}
