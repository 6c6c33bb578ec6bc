namespace BlazorConsole.Application;

/// <summary>Where to send a browser back after sign-in or an OAuth round trip.</summary>
public static class LocalReturnUrl
{
    /// <summary>Only local paths: a crafted link must not bounce a fresh session to another site.</summary>
    public static string Safe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
