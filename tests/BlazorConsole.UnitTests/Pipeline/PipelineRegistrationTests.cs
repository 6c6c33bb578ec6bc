using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Logs;
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
        Assert.Equal(5, host.Services.GetServices<IBuildpack>().Count());
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
}
