namespace BlazorConsole.Application;

internal static class TextLimits
{
    /// <summary>At most <paramref name="max"/> characters: free text (commit messages, reasons) fits its column.</summary>
    public static string? Clip(this string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
