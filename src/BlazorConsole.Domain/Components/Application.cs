namespace BlazorConsole.Domain.Components;

/// <summary>A group of components inside a team (e.g. "shop" with "api" and "web").</summary>
public sealed class Application
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid TeamId { get; init; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
