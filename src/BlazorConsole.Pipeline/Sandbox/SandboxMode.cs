namespace BlazorConsole.Pipeline.Sandbox;

/// <summary>How repository code (build commands, release processes) is run: <c>Builds:Sandbox</c>.</summary>
public enum SandboxMode
{
    /// <summary>Every command runs in a bubblewrap sandbox as an unprivileged user that sees only its own files.</summary>
    Bubblewrap,

    /// <summary>Commands run as the console's own user with its view of the machine: for a single trusted user only.</summary>
    None,
}
