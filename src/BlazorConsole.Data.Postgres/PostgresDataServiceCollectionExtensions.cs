using BlazorConsole.Data.Writes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.Data.Postgres;

public static class PostgresDataServiceCollectionExtensions
{
    /// <summary>
    /// The shared-database engine (<c>Database:Provider=Postgres</c>, <c>ConnectionStrings:Console</c>): its migrations,
    /// build claims with <c>FOR UPDATE SKIP LOCKED</c> and the group-commit delivery writer with per-component advisory
    /// locks, so several console hosts can write to one database; leases as session advisory locks.
    /// </summary>
    public static IServiceCollection AddPostgresConsoleData(this IServiceCollection services)
    {
        const DatabaseProvider key = DatabaseProvider.Postgres;
        services.AddSingleton<PostgresDataSource>();
        services.AddKeyedSingleton<IConsoleDatabase, PostgresConsoleDatabase>(key);
        services.AddKeyedSingleton<IBuildClaimStore, PostgresBuildClaims>(key);
        services.AddKeyedSingleton<IDeliveryWriterFactory, PostgresDeliveryWriterFactory>(key);
        services.AddKeyedSingleton<Leases.ILeaseProvider, PostgresLeases>(key);
        return services;
    }

    /// <summary>The options every PostgreSQL context of the console uses (also the design-time factory).</summary>
    public static DbContextOptionsBuilder UseConsolePostgres(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .ReplaceService<IModelCustomizer, PostgresModelCustomizer>();
    }

    /// <summary>Same, on the console's shared data source (one pool for EF and the hand-written statements).</summary>
    public static DbContextOptionsBuilder UseConsolePostgres(this DbContextOptionsBuilder options, Npgsql.NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .ReplaceService<IModelCustomizer, PostgresModelCustomizer>();
    }

    private static string MigrationsAssembly => typeof(PostgresDataServiceCollectionExtensions).Assembly.GetName().Name!;
}
