using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConsoleDbContext"/> on SQLite as a factory (for components and singletons)
    /// and as a scoped context (for Identity and request handlers).
    /// </summary>
    public static IServiceCollection AddConsoleData(this IServiceCollection services, string databasePath)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        services.AddDbContextFactory<ConsoleDbContext>(options => options.UseSqlite(connectionString));
        return services;
    }

    /// <summary>Applies committed migrations and switches the database to WAL (readers never wait for the writer).</summary>
    public static async Task MigrateConsoleDatabaseAsync(this ConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
