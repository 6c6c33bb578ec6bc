using BlazorConsole.Pipeline.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Runtime.Process;

public static class ProcessRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// The embedded runtime engine (<c>Runtime:Default=process</c>): releases as supervised, sandboxed child processes on
    /// loopback ports. The deploy module itself (<c>AddDeployRuntime</c>) registers what it runs on: paths, sandbox, options.
    /// </summary>
    public static IServiceCollection AddProcessRuntime(this IServiceCollection services) =>
        services.AddRuntimeEngine<ProcessRuntime>(ProcessRuntime.RuntimeName);
}
