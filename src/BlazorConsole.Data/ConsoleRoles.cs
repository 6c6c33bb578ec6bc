namespace BlazorConsole.Data;

public static class ConsoleRoles
{
    /// <summary>Runs the platform: OAuth services, users, every team.</summary>
    public const string PlatformAdmin = "PlatformAdmin";
}
