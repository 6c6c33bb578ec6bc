namespace BlazorConsole.Application;

/// <summary>The outcome of a change: either done, or a sentence a person can act on.</summary>
public sealed record ChangeResult(bool Succeeded, string? Error = null, bool NotFound = false)
{
    public static readonly ChangeResult Ok = new(true);

    public static ChangeResult Fail(string error) => new(false, error);

    public static ChangeResult Missing(string error) => new(false, error, NotFound: true);
}
