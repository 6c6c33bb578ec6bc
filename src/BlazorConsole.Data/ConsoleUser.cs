using Microsoft.AspNetCore.Identity;

namespace BlazorConsole.Data;

/// <summary>A person who signs in to the console (ASP.NET Core Identity).</summary>
public sealed class ConsoleUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
