using System.Net;
using System.Text;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BlazorConsole.IntegrationTests.Auth;

/// <summary>
/// Every endpoint the app maps — enumerated from its endpoint data sources, so one added later is covered
/// without touching this file — is called as anonymous, a default-team viewer, a default-team admin and a
/// platform admin, and must answer exactly as its declared policy says.
/// </summary>
public class AuthorizationMatrixTests(MatrixFactory factory, ITestOutputHelper output) : IClassFixture<MatrixFactory>
{
    // Framework plumbing that carries no data of its own: the Blazor circuit hub and framework scripts.
    private static readonly string[] FrameworkPrefixes = ["/_blazor", "/_framework"];

    public enum Caller { Anonymous, Viewer, TeamAdmin, PlatformAdmin }

    [Fact]
    public void Every_endpoint_declares_anonymous_access_or_a_named_console_policy()
    {
        var undeclared = AppEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null && ConsolePolicies.All.Contains(a.Policy)))
            .Select(Describe)
            .ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without [AllowAnonymous] or a ConsolePolicies policy:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public async Task Every_protected_endpoint_answers_each_caller_as_its_policy_says()
    {
        var protectedEndpoints = AppEndpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.True(protectedEndpoints.Count >= 15, $"Expected the console's pages and API, found {protectedEndpoints.Count} protected endpoints.");

        var failures = new List<string>();
        foreach (var endpoint in protectedEndpoints)
        {
            var policy = StrictestPolicy(endpoint);
            foreach (var method in Methods(endpoint))
            {
                foreach (var caller in Enum.GetValues<Caller>())
                {
                    var expected = Expected(policy, caller);
                    var (actual, detail) = await CallAsync(endpoint, method, caller);
                    output.WriteLine($"{method,-6} {Describe(endpoint),-55} {caller,-13} expected {expected,-9} got {actual} {detail}");
                    if (actual != expected)
                    {
                        failures.Add($"{method} {Describe(endpoint)} as {caller}: expected {expected}, got {actual} {detail}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_viewer_calling_a_team_admin_endpoint_gets_403()
    {
        var viewer = factory.CreateApiClient((await factory.UsersAsync()).Viewer.Token);
        var response = await viewer.PostAsync("/api/v1/teams/default/members",
            new StringContent("""{"email":"admin@example.test","role":"Admin"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public enum Outcome { Allowed, Challenge, Forbidden }

    private static Outcome Expected(string policy, Caller caller) => (policy, caller) switch
    {
        (_, Caller.Anonymous) => Outcome.Challenge,
        (_, Caller.PlatformAdmin) => Outcome.Allowed,
        (ConsolePolicies.PlatformAdmin, _) => Outcome.Forbidden,
        (ConsolePolicies.TeamAdmin, Caller.Viewer) => Outcome.Forbidden,
        (ConsolePolicies.TeamDeveloper, Caller.Viewer) => Outcome.Forbidden,
        _ => Outcome.Allowed,
    };

    private static string StrictestPolicy(RouteEndpoint endpoint)
    {
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        string[] strictestFirst = [ConsolePolicies.PlatformAdmin, ConsolePolicies.TeamAdmin, ConsolePolicies.TeamDeveloper, ConsolePolicies.TeamViewer, ConsolePolicies.SignedIn];
        return strictestFirst.First(policies.Contains);
    }

    private async Task<(Outcome Outcome, string Detail)> CallAsync(RouteEndpoint endpoint, string method, Caller caller)
    {
        var isApi = endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal);
        var client = await factory.ClientAsync(caller, isApi);
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(endpoint.RoutePattern, ScopeOf(endpoint), await factory.ResourcesAsync()));
        if (method is "POST" or "PUT" or "PATCH")
        {
            // An empty object: authorization is decided before the body is read, and nothing gets created.
            request.Content = isApi
                ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent(new Dictionary<string, string>());
        }

        var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        var outcome = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.Challenge,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.Redirect when location.Contains("/account/login", StringComparison.Ordinal) => Outcome.Challenge,
            HttpStatusCode.Redirect when location.Contains("/account/access-denied", StringComparison.Ordinal) => Outcome.Forbidden,
            _ => Outcome.Allowed,
        };
        return (outcome, $"({(int)response.StatusCode}{(location.Length > 0 ? " → " + location : "")})");
    }

    private static TeamScopeAttribute? ScopeOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<TeamScopeAttribute>()
        ?? endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type.GetCustomAttributes(typeof(TeamScopeAttribute), false).OfType<TeamScopeAttribute>().FirstOrDefault();

    /// <summary>Route values become real resources of the default team, so "allowed" means allowed, not "not found".</summary>
    private static string Fill(RoutePattern pattern, TeamScopeAttribute? scope, MatrixResources resources)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter when parameter.Name.Equals("team", StringComparison.OrdinalIgnoreCase) => Team.DefaultSlug,
                    RoutePatternParameterPart parameter when scope is not null && parameter.Name.Equals(scope.RouteValue, StringComparison.OrdinalIgnoreCase) => scope.Resource switch
                    {
                        TeamScopedResource.Component => resources.ComponentId.ToString(),
                        TeamScopedResource.Delivery => resources.DeliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        TeamScopedResource.Build => resources.BuildId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => throw new NotSupportedException(scope.Resource.ToString()),
                    },
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") || parameter.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") => "1",
                    RoutePatternParameterPart => "x",
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => throw new NotSupportedException(part.GetType().Name),
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
            ? methods.Where(m => m != "HEAD")
            : ["GET"];

    private List<RouteEndpoint> AppEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !FrameworkPrefixes.Any(prefix => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith(prefix, StringComparison.Ordinal)))
            // The static-file fallback serves build output (scripts, styles) and nothing else.
            .Where(e => e.RoutePattern.RawText != "{**path:file}")
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null || e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .ToList();

    private static string Describe(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
}

/// <summary>A console with one account per caller kind, signed in both by cookie (pages) and by token (API).</summary>
public sealed class MatrixFactory : ConsoleFactory
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private MatrixUsers? users;
    private readonly Dictionary<(AuthorizationMatrixTests.Caller, bool), HttpClient> clients = [];

    public async Task<MatrixUsers> UsersAsync()
    {
        await gate.WaitAsync();
        try
        {
            return users ??= new MatrixUsers(
                await CreateUserAsync("viewer@example.test", TeamRole.Viewer),
                await CreateUserAsync("teamadmin@example.test", TeamRole.Admin),
                await CreateUserAsync("platform@example.test", TeamRole.Viewer, platformAdmin: true));
        }
        finally
        {
            gate.Release();
        }
    }

    private MatrixResources? resources;

    public async Task<MatrixResources> ResourcesAsync()
    {
        if (resources is not null)
        {
            return resources;
        }

        var component = await CreateComponentAsync(new { name = "matrix", application = "matrix", gitUrl = "https://example.test/matrix.git", branch = "master", triggerKeyword = "" });
        var delivery = RecordedDelivery.Load("github", "push");
        await SetWebhookSecretAsync(component.Id, delivery.Secret);
        var response = await CreateNoRedirectClient().SendAsync(delivery.ToRequest(component.Id));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body.ToString());
        return resources = new MatrixResources(component.Id, body.GetProperty("deliveryId").GetInt64(), body.GetProperty("buildId").GetInt64());
    }

    public async Task<HttpClient> ClientAsync(AuthorizationMatrixTests.Caller caller, bool api)
    {
        if (clients.TryGetValue((caller, api), out var existing))
        {
            return existing;
        }

        var all = await UsersAsync();
        TestUser? user = caller switch
        {
            AuthorizationMatrixTests.Caller.Viewer => all.Viewer,
            AuthorizationMatrixTests.Caller.TeamAdmin => all.TeamAdmin,
            AuthorizationMatrixTests.Caller.PlatformAdmin => all.PlatformAdmin,
            _ => null,
        };
        HttpClient client;
        if (api)
        {
            client = CreateApiClient(user?.Token);
        }
        else
        {
            client = CreateNoRedirectClient();
            if (user is not null)
            {
                await SignInAsync(client, user.Email, user.Password);
            }
        }

        clients[(caller, api)] = client;
        return client;
    }
}

public sealed record MatrixUsers(TestUser Viewer, TestUser TeamAdmin, TestUser PlatformAdmin);

/// <summary>A component of the default team with one delivery that built.</summary>
public sealed record MatrixResources(Guid ComponentId, long DeliveryId, long BuildId);
