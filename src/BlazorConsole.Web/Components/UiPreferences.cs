namespace BlazorConsole.Web.Components;

/// <summary>Per-browser display preferences, remembered in a cookie so the server can prerender them.</summary>
public sealed class UiPreferences
{
    public const string DarkModeCookie = "bc-dark";

    public bool DarkMode { get; set; }
}
