namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// Where people see a build, for links the pipeline puts outside the console (commit statuses). The host knows both
/// halves: its public address (<c>Console:PublicUrl</c>) and its page routes.
/// </summary>
public interface IBuildPageLinks
{
    /// <summary>The absolute address of the build's page; null when the console's public address is not configured.</summary>
    string? BuildPage(long buildId);
}
