using BlazorConsole.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>The console on a real port with its build workers running (short poll, so a lost wake-up is quick to notice).</summary>
public sealed class BuildConsoleFactory : Infrastructure.KestrelConsoleFactory
{
    protected override bool RunBuildWorkers => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Builds:PollMilliseconds", "500");
        builder.UseSetting("Builds:TimeoutMinutes", "10");
        if (TestDocker.Endpoint is { } docker)
        {
            builder.UseSetting("Docker:Endpoint", docker); // Dockerfile builds; nothing connects before one runs
            builder.UseSetting("Docker:KeepContainersOnShutdown", "false"); // a test's containers go with its console
        }
    }
}
