namespace BlazorConsole.Web.Auth;

/// <summary>What an <c>{id}</c> route value names, so team policies can find the team that owns it.</summary>
public enum TeamScopedResource
{
    Component,
    Delivery,
    Build,
}

/// <summary>
/// On an endpoint (as metadata) or a page class: the team policies resolve the team through the resource named by
/// the route value (default <c>id</c>) instead of a <c>{team}</c> route value.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TeamScopeAttribute(TeamScopedResource resource, string routeValue = "id") : Attribute
{
    public TeamScopedResource Resource { get; } = resource;

    public string RouteValue { get; } = routeValue;
}
