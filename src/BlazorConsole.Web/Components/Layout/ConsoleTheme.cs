using MudBlazor;

namespace BlazorConsole.Web.Components.Layout;

/// <summary>The brand palette (matches wwwroot-assets/theme.css) for light and dark mode.</summary>
internal static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#6a3de8",
            Secondary = "#0277bd",
            AppbarBackground = "#2b1d6b",
            // Darker than MudBlazor's defaults so text on and in these colours meets WCAG AA contrast (axe checks it).
            Success = "#2e7d32",
            Error = "#c62828",
            Info = "#1565c0",
            Warning = "#b45309",
            TextSecondary = "rgba(0,0,0,0.68)",
            TextDisabled = "rgba(0,0,0,0.62)",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#b39dff",
            PrimaryContrastText = "#1a1433",
            Success = "#2e7d32",
            Error = "#ef5350",
            ErrorContrastText = "#1a1433",
            // Light enough for outlined chips and alert text on the dark surface (WCAG AA), with dark text when filled.
            Info = "#64b5f6",
            InfoContrastText = "#0b1a2b",
            Secondary = "#40c4ff",
            AppbarBackground = "#1a1433",
            Background = "#14151c",
            Surface = "#1d1f29",
            DrawerBackground = "#181a23",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
