namespace BlazorConsole.Domain.Teams;

/// <summary>A group of people who own applications and components. Addressed by its slug in URLs.</summary>
public sealed class Team
{
    public const string DefaultSlug = "default";

    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>URL-safe, unique, immutable name (e.g. <c>default</c>, <c>payments</c>).</summary>
    public required string Slug { get; init; }

    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<TeamMember> Members { get; init; } = [];
}
