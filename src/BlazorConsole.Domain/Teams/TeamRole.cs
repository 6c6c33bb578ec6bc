namespace BlazorConsole.Domain.Teams;

/// <summary>What a member may do in a team. Ordered: a higher role includes every lower one.</summary>
public enum TeamRole
{
    Viewer = 0,
    Developer = 1,
    Admin = 2,
}
