using BlazorConsole.Data.Writes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Data.Sqlite;

public static class SqliteDataServiceCollectionExtensions
{
    private static readonly SqlitePragmas Pragmas = new();

    /// <summary>
    /// The embedded default engine (<c>Database:Provider=Sqlite</c>): a SQLite file (WAL, synchronous=NORMAL), its
    /// migrations, the build claims and the delivery writer in SQLite's SQL. The path is resolved from the container,
    /// so it follows the configured options.
    /// </summary>
    public static IServiceCollection AddSqliteConsoleData(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        const DatabaseProvider key = DatabaseProvider.Sqlite;
        services.AddKeyedSingleton<IConsoleDatabase>(key, (_, _) => new SqliteConsoleDatabase(databasePath));
        services.AddKeyedSingleton<IBuildClaimStore, SqliteBuildClaims>(key);
        services.AddKeyedSingleton<IDeliveryWriterFactory, SqliteDeliveryWriterFactory>(key);
        services.AddKeyedSingleton<Leases.ILeaseProvider, InProcessLeases>(key);
        return services;
    }

    /// <summary>The options every SQLite context of the console uses (also the design-time factory).</summary>
    public static DbContextOptionsBuilder UseConsoleSqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteDataServiceCollectionExtensions).Assembly.GetName().Name))
            .ReplaceService<IModelCustomizer, SqliteModelCustomizer>()
            .AddInterceptors(Pragmas);
    }

    /// <summary>Same, on an open connection (the component tests' in-memory database).</summary>
    public static DbContextOptionsBuilder UseConsoleSqlite(this DbContextOptionsBuilder options, SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseSqlite(connection, sqlite => sqlite.MigrationsAssembly(typeof(SqliteDataServiceCollectionExtensions).Assembly.GetName().Name))
            .ReplaceService<IModelCustomizer, SqliteModelCustomizer>();
    }

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}
