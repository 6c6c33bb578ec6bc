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

    public bool TimedOut { get; init; }
}
