using BlazorConsole.Data;
using BlazorConsole.Data.Postgres;
using BlazorConsole.Data.Sqlite;
using BlazorConsole.Messaging.Redis;
using BlazorConsole.Runtime.Docker;
using BlazorConsole.Runtime.Process;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Engines;

public static class EnginesServiceCollectionExtensions
{
    /// <summary>
    /// Registers every engine the console can run on and the neutral seams that pick one from configuration:
    /// the database (<c>Database:Provider</c> = <c>Sqlite</c> at <paramref name="sqlitePath"/> | <c>Postgres</c> at
    /// <c>ConnectionStrings:Console</c>) and the runtime of releases (<c>Runtime:Default</c> = <c>process</c>; checked
    /// at start against the engines registered here). A Docker runtime registers beside the process one. The live seams
    /// (queue wake-up, event stream, log lines) go over Redis when <c>Redis:Configuration</c> is set (several replicas).
    /// </summary>
    public static IServiceCollection AddConsoleEngines(this IServiceCollection services, Func<IServiceProvider, string> sqlitePath)
    {
        services.AddConsoleData();
        services.AddSqliteConsoleData(sqlitePath);
        services.AddPostgresConsoleData();
        services.AddProcessRuntime();
        services.AddDockerRuntime();
        services.AddRedisMessaging();
        return services;
    }
}
