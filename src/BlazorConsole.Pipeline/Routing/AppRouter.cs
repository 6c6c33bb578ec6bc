using System.Collections.Immutable;
using Yarp.ReverseProxy.Configuration;

namespace BlazorConsole.Pipeline.Routing;

/// <summary>
/// The host → release table behind the YARP in-memory configuration: <c>{component}[.{team}].{AppsDomain}</c> goes to the
/// address the runtime gave the component's current release (a loopback port for processes). Each switch publishes a
/// whole new configuration (a new cluster per release), so a request is either routed to the old release or the new
/// one, never to neither.
/// </summary>
public sealed class AppRouter(InMemoryConfigProvider proxyConfig, AppsDomain domain)
{
    private readonly object gate = new();
    private ImmutableDictionary<Guid, AppRoute> routes = ImmutableDictionary<Guid, AppRoute>.Empty;

    public string AppsDomain => domain.Name;

    public IReadOnlyCollection<AppRoute> Routes => routes.Values.ToList();

    /// <summary>True for hosts under the apps domain: those requests go to the proxy, never to the console itself.</summary>
    public bool IsAppHost(string host) =>
        host.EndsWith("." + domain.Name, StringComparison.OrdinalIgnoreCase) && host.Length > domain.Name.Length + 1;

    public string HostFor(string hostLabel) => $"{hostLabel.ToLowerInvariant()}.{domain.Name}";

    /// <summary>
    /// Component names are unique within a team, not across teams: the default team's apps keep the short host
    /// (<c>shop.apps.example</c>), other teams' apps carry the team (<c>shop.payments.apps.example</c>), so two teams'
    /// "shop" never share a host.
    /// </summary>
    public static string HostLabel(string componentName, string teamSlug) =>
        teamSlug == BlazorConsole.Domain.Teams.Team.DefaultSlug ? componentName : $"{componentName}.{teamSlug}";

    public AppRoute? Find(Guid componentId) => routes.GetValueOrDefault(componentId);

    /// <param name="hostLabel">What comes before the apps domain: <see cref="HostLabel"/>.</param>
    /// <param name="destination">Where the release answers (<c>RuntimeEndpoint.Address</c>).</param>
    public void Route(Guid componentId, string hostLabel, long releaseId, Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (gate)
        {
            routes = routes.SetItem(componentId, new AppRoute(componentId, HostFor(hostLabel), releaseId, destination));
            Publish();
        }
    }

    /// <summary>
    /// Routes to <paramref name="releaseId"/> unless the route in place points at a newer release (release ids grow per
    /// component) or already at this one at this address: another replica's promotion never undoes a later one made
    /// here, and a release started again elsewhere at a new address is followed.
    /// </summary>
    public bool RouteIfNewer(Guid componentId, string hostLabel, long releaseId, Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (gate)
        {
            if (routes.TryGetValue(componentId, out var current)
                && (current.ReleaseId > releaseId || (current.ReleaseId == releaseId && current.Destination == destination)))
            {
                return false;
            }

            routes = routes.SetItem(componentId, new AppRoute(componentId, HostFor(hostLabel), releaseId, destination));
            Publish();
            return true;
        }
    }

    /// <summary>Removes the component's route only if it still points at <paramref name="releaseId"/> (a newer swap wins).</summary>
    public void Unroute(Guid componentId, long? releaseId = null)
    {
        lock (gate)
        {
            if (routes.TryGetValue(componentId, out var route) && (releaseId is null || route.ReleaseId == releaseId))
            {
                routes = routes.Remove(componentId);
                Publish();
            }
        }
    }

    private void Publish()
    {
        var routeConfigs = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var route in routes.Values)
        {
            var clusterId = $"release-{route.ReleaseId}";
            routeConfigs.Add(new RouteConfig
            {
                RouteId = "app-" + route.ComponentId.ToString("N"),
                ClusterId = clusterId,
                Match = new RouteMatch { Hosts = [route.Host], Path = "/{**catch-all}" },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = clusterId,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    ["release"] = new() { Address = route.Destination.GetLeftPart(UriPartial.Path).TrimEnd('/') },
                },
            });
        }

        proxyConfig.Update(routeConfigs, clusters);
    }
}

public sealed record AppRoute(Guid ComponentId, string Host, long ReleaseId, Uri Destination);

/// <summary>The <c>Console:AppsDomain</c> value (apps are served at <c>{component}.{AppsDomain}</c>).</summary>
public sealed record AppsDomain(string Name);
