using BlazorConsole.Engines;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Pipeline.Routing;
using Microsoft.AspNetCore.DataProtection;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Runtime.Process;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace BlazorConsole.UnitTests.Pipeline;

public class RuntimeRegistrationTests
{
    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        // What the console registers around the module: the database factory and the secret protector.
        var directory = Path.Combine(Path.GetTempPath(), "bc-rt-" + Guid.NewGuid().ToString("N"));
        builder.Services.AddConsoleEngines(_ => Path.Combine(directory, "console.db"));
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddDeployRuntime(_ => directory, _ => "Apps.Example.Test.");
        return builder.Build();
    }

    [Fact]
    public void The_runtime_section_has_the_documented_defaults_and_the_process_runtime_is_the_default()
    {
        using var host = Host(new() { ["Runtime:DrainSeconds"] = "0.5" });

        var options = host.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;
        Assert.Equal("/", options.HealthCheckPath);
        Assert.Equal(30, options.HealthCheckTimeoutSeconds);
        Assert.Equal(0.5, options.DrainSeconds);
        Assert.Equal(5, options.StopGraceSeconds);
        Assert.IsType<ProcessRuntime>(host.Services.GetRequiredService<IRuntime>());
        Assert.Same(host.Services.GetRequiredService<ReleaseManager>(), host.Services.GetRequiredService<IDeployer>());
    }

    [Theory]
    [InlineData("Runtime:HealthCheckTimeoutSeconds", "0", "HealthCheckTimeoutSeconds")]
    [InlineData("Runtime:HealthCheckPath", "health", "HealthCheckPath")]
    [InlineData("Runtime:RestartBackoffMaxSeconds", "0.2", "RestartBackoffMaxSeconds")]
    public async Task A_wrong_runtime_setting_stops_the_start_with_a_message_naming_it(string key, string value, string named)
    {
        using var host = Host(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_runtime_engine_stops_the_start_naming_the_setting_and_the_known_engines()
    {
        using var host = Host(new() { ["Runtime:Default"] = "kubernetes" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Runtime:Default 'kubernetes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("known: process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtime_engine_is_chosen_by_name_whatever_its_case()
    {
        using var host = Host(new() { ["Runtime:Default"] = "Process" });

        var runtime = host.Services.GetRequiredService<IRuntime>();

        Assert.IsType<ProcessRuntime>(runtime);
        Assert.Same(host.Services.GetRequiredKeyedService<IRuntime>(ProcessRuntime.RuntimeName), runtime);
    }

    [Fact]
    public async Task The_process_runtime_has_a_directory_artifact_while_it_exists_and_never_an_image()
    {
        using var host = Host([]);
        var runtime = host.Services.GetRequiredService<IRuntime>();
        var directory = Directory.CreateTempSubdirectory("bc-artifact-");

        Assert.True(await runtime.IsAvailableAsync(ReleaseArtifact.InDirectory(directory.FullName), CancellationToken.None));
        Assert.False(await runtime.IsAvailableAsync(ReleaseArtifact.OfImage("blazorconsole/default/shop:7"), CancellationToken.None));
        directory.Delete();
        Assert.False(await runtime.IsAvailableAsync(ReleaseArtifact.InDirectory(directory.FullName), CancellationToken.None));
        Assert.Null(await runtime.GetStateAsync(1, CancellationToken.None));
    }

    [Theory]
    [InlineData("shop.apps.example.test", true)]
    [InlineData("SHOP.Apps.Example.Test", true)]
    [InlineData("apps.example.test", false)]
    [InlineData("console.example.test", false)]
    [InlineData("localhost", false)]
    [InlineData("evilapps.example.test", false)]
    public void Only_hosts_under_the_apps_domain_go_to_the_proxy(string host, bool proxied)
    {
        var router = new AppRouter(new InMemoryConfigProvider([], []), new AppsDomain("apps.example.test"));

        Assert.Equal(proxied, router.IsAppHost(host));
    }

    [Fact]
    public void A_switch_publishes_one_route_per_component_to_the_new_release_and_unroute_keeps_a_newer_one()
    {
        var config = new InMemoryConfigProvider([], []);
        var router = new AppRouter(config, new AppsDomain("apps.localhost"));
        var id = Guid.NewGuid();

        router.Route(id, "Shop", 1, new Uri("http://127.0.0.1:5001/"));
        router.Route(id, "Shop", 2, new Uri("http://127.0.0.1:5002/"));
        router.Unroute(id, releaseId: 1);

        var route = Assert.Single(config.GetConfig().Routes);
        Assert.Equal(["shop.apps.localhost"], route.Match.Hosts);
        var cluster = Assert.Single(config.GetConfig().Clusters);
        Assert.Equal(route.ClusterId, cluster.ClusterId);
        Assert.Equal("http://127.0.0.1:5002", cluster.Destinations!["release"].Address);

        router.Unroute(id);
        Assert.Empty(config.GetConfig().Routes);
    }

    [Fact]
    public void Two_teams_components_of_the_same_name_get_their_own_hosts()
    {
        var config = new InMemoryConfigProvider([], []);
        var router = new AppRouter(config, new AppsDomain("apps.localhost"));

        router.Route(Guid.NewGuid(), AppRouter.HostLabel("shop", "default"), 1, new Uri("http://127.0.0.1:5001/"));
        router.Route(Guid.NewGuid(), AppRouter.HostLabel("shop", "payments"), 2, new Uri("http://127.0.0.1:5002/"));

        var hosts = config.GetConfig().Routes.SelectMany(r => r.Match.Hosts!).Order().ToList();
        Assert.Equal(["shop.apps.localhost", "shop.payments.apps.localhost"], hosts);
        Assert.True(router.IsAppHost("shop.payments.apps.localhost"));
    }

    [Fact]
    public void The_open_files_limit_never_exceeds_the_consoles_hard_limit()
    {
        var hard = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            ["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.Null(ProcessSupervisor.OpenFilesLimit(0));
        Assert.Equal(64, ProcessSupervisor.OpenFilesLimit(64));
        if (long.TryParse(hard, System.Globalization.CultureInfo.InvariantCulture, out var limit))
        {
            Assert.Equal(limit, ProcessSupervisor.OpenFilesLimit(int.MaxValue));
        }
    }

    [Fact]
    public void The_release_environment_is_scrubbed_and_the_runtime_owns_the_port()
    {
        var environment = RuntimeEnvironment.For(9, 4321, "/tmp/home", new Dictionary<string, string> { ["GREETING"] = "hi", ["PORT"] = "80" });

        Assert.Equal("4321", environment["PORT"]);
        Assert.Equal("http://127.0.0.1:4321", environment["ASPNETCORE_URLS"]);
        Assert.Equal("hi", environment["GREETING"]);
        Assert.Equal("9", environment[RuntimeEnvironment.ReleaseMarker]);
        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Console__", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal));
    }
}
