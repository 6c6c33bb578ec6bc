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
            Secondary = "#0091ea",
            AppbarBackground = "#2b1d6b",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#b39dff",
            Secondary = "#40c4ff",
            AppbarBackground = "#1a1433",
            Background = "#14151c",
            Surface = "#1d1f29",
            DrawerBackground = "#181a23",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
