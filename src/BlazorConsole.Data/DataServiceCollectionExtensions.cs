using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConsoleDbContext"/> on SQLite as a factory (for components and singletons)
    /// and as a scoped context (for Identity and request handlers). The path is resolved from the container,
    /// so it follows the configured options.
    /// </summary>
    public static IServiceCollection AddConsoleData(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        var pragmas = new SqlitePragmas();
        services.AddDbContextFactory<ConsoleDbContext>((provider, options) => options
            .UseSqlite(ConnectionString(databasePath(provider)))
            .AddInterceptors(pragmas));
        return services;
    }

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Applies committed migrations and switches the database to WAL (readers never wait for the writer).</summary>
    public static async Task MigrateConsoleDatabaseAsync(this ConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
