namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>A build step failed; the message says which and why, for the build's failure reason.</summary>
public sealed class BuildFailedException : Exception
{
    public BuildFailedException()
    {
    }

    public BuildFailedException(string message)
        : base(message)
    {
    }

    public BuildFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The build's time ran out (its message is then replaced by the build's limit in words).</summary>
    public bool TimedOut { get; init; }

    /// <summary>A limit of its own stopped the step (an engine's, e.g. Docker:BuildTimeoutSeconds): the message names it and is kept.</summary>
    public bool OwnLimitReached { get; init; }
}
