using BlazorConsole.Data;
using BlazorConsole.Data.Postgres;
using BlazorConsole.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Engines;

public static class EnginesServiceCollectionExtensions
{
    /// <summary>
    /// Registers every engine the console can run on and the neutral seams that pick one from configuration:
    /// the database (<c>Database:Provider</c> = <c>Sqlite</c> at <paramref name="sqlitePath"/> | <c>Postgres</c> at
    /// <c>ConnectionStrings:Console</c>).
    /// </summary>
    public static IServiceCollection AddConsoleEngines(this IServiceCollection services, Func<IServiceProvider, string> sqlitePath)
    {
        services.AddConsoleData();
        services.AddSqliteConsoleData(sqlitePath);
        services.AddPostgresConsoleData();
        return services;
    }
}
