using BlazorConsole.Web.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ComponentRouteData = Microsoft.AspNetCore.Components.RouteData;

namespace BlazorConsole.UnitTests.Web.Auth;

public class TeamSlugResolutionTests
{
    [Fact]
    public void Reads_the_team_from_an_endpoint_request()
    {
        var http = new DefaultHttpContext();
        http.Request.RouteValues = new RouteValueDictionary { ["team"] = "payments" };

        Assert.Equal("payments", TeamRoleAuthorizationHandler.TeamSlugOf(http));
    }

    [Fact]
    public void Reads_the_team_from_interactive_route_data()
    {
        var route = new ComponentRouteData(typeof(BlazorConsole.Web.Features.Teams.Pages.TeamPage), new Dictionary<string, object?> { ["team"] = "default" });

        Assert.Equal("default", TeamRoleAuthorizationHandler.TeamSlugOf(route));
    }

    [Fact]
    public void Without_a_team_there_is_nothing_to_authorize_against()
    {
        Assert.Null(TeamRoleAuthorizationHandler.TeamSlugOf(new DefaultHttpContext()));
        Assert.Null(TeamRoleAuthorizationHandler.TeamSlugOf(null));
        Assert.Null(TeamRoleAuthorizationHandler.TeamSlugOf(42));
    }
}
