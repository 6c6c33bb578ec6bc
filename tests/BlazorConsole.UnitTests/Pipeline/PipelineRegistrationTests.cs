using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Logs;
using BlazorConsole.Pipeline.Queue;
using BlazorConsole.Pipeline.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.UnitTests.Pipeline;

public class PipelineRegistrationTests
{
    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBuildPipelineBlocks(_ => Path.Combine(Path.GetTempPath(), "bc-reg-" + Guid.NewGuid().ToString("N")));
        return builder.Build();
    }

    [Fact]
    public async Task The_builds_section_configures_the_blocks_with_documented_defaults()
    {
        using var host = Host(new() { ["Builds:KeepArtifacts"] = "7" });
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<BuildsOptions>>().Value;
        Assert.Equal(2, options.MaxConcurrency);
        Assert.Equal(30, options.TimeoutMinutes);
        Assert.Equal(7, options.KeepArtifacts);
        Assert.Equal(6, host.Services.GetServices<IBuildpack>().Count()); // Node.js, Python, .NET, Maven, Static, Dockerfile
        Assert.Same(host.Services.GetRequiredService<IBuildLogNotifier>(), host.Services.GetRequiredService<InProcessBuildLogNotifier>());
        Assert.NotNull(host.Services.GetRequiredService<BuildRunner>());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_wrong_builds_setting_stops_the_start_with_a_message_naming_it()
    {
        using var host = Host(new() { ["Builds:MaxConcurrency"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lifecycle_hosts_one_recorder_before_the_workers_even_when_the_queue_is_added_twice()
    {
        // The webhook feature adds the queue and the builds feature the whole pipeline: the recorder must still be one
        // hosted service (one reader of its channel), started before the workers that re-queue through it.
        var services = new ServiceCollection();
        services.AddBuildQueue();
        services.AddBuildPipeline(_ => Path.GetTempPath());

        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService))
            .Select(d => d.ImplementationType ?? d.ImplementationFactory?.GetType().GenericTypeArguments[1])
            .ToList();

        Assert.Single(hosted, type => type == typeof(DeliveryRecorder));
        Assert.Single(hosted, type => type == typeof(BuildWorkers));
        Assert.True(hosted.IndexOf(typeof(DeliveryRecorder)) < hosted.IndexOf(typeof(BuildWorkers)));
    }
}
