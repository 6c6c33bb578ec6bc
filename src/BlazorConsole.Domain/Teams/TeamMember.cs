namespace BlazorConsole.Domain.Teams;

public sealed class TeamMember
{
    public Guid TeamId { get; init; }

    public required string UserId { get; init; }

    public TeamRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; init; }
}
