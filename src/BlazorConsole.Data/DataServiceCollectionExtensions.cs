using BlazorConsole.Data.Leases;
using BlazorConsole.Data.Writes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ConsoleDbContext"/> as a factory (for components and singletons) and the write ports on the
    /// engine that <c>Database:Provider</c> names. The engines register themselves as keyed services
    /// (<c>AddSqliteConsoleData</c>, <c>AddPostgresConsoleData</c>); the choice is made when the container first needs
    /// the database, so it follows the configuration the host ends up with.
    /// </summary>
    public static IServiceCollection AddConsoleData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.ConnectionString ??= configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:Provider is Postgres but ConnectionStrings:Console is empty: set it, e.g. \"Host=localhost;Database=blazorconsole;Username=console;Password=…\".")
            .ValidateOnStart();
        services.AddDbContextFactory<ConsoleDbContext>((provider, options) =>
        {
            Selected<IConsoleDatabase>(provider).Configure(provider, options);
            // Entities' transitions reach the event stream once committed (when the host has one).
            if (provider.GetService<Domain.Events.IConsoleEventStream>() is { } stream)
            {
                options.AddInterceptors(new DomainEventsInterceptor(stream));
            }
        });
        services.AddSingleton(Selected<IConsoleDatabase>);
        services.AddSingleton(Selected<IBuildClaimStore>);
        services.AddSingleton(Selected<IDeliveryWriterFactory>);
        services.AddSingleton(Selected<ILeaseProvider>);
        services.AddLeases();
        return services;
    }

    /// <summary>
    /// The replica's identity (<c>Console:ReplicaId</c>, random when unset) and the engine-neutral lease machinery:
    /// <see cref="SingletonLeases"/>, <see cref="HeldLeases"/> and <see cref="ReplicaPresence"/> (a hosted service).
    /// </summary>
    private static void AddLeases(this IServiceCollection services)
    {
        services.AddOptions<ReplicaOptions>()
            .BindConfiguration(ReplicaOptions.SectionName)
            .PostConfigure(options => options.ReplicaId = string.IsNullOrWhiteSpace(options.ReplicaId) ? ReplicaOptions.NewRandomId() : options.ReplicaId.Trim())
            .Validate(options => ReplicaOptions.IsValid(options.ReplicaId),
                $"Console:ReplicaId must be 1 to {ReplicaOptions.ReplicaIdMaxLength} letters, digits, '.', '_' or '-' (starting with a letter or digit), or empty for a random id.")
            .ValidateOnStart();
        services.AddOptions<LeaseOptions>()
            .BindConfiguration(LeaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<HeldLeases>();
        services.AddSingleton<SingletonLeases>();
        services.AddSingleton<ReplicaPresence>();
        services.AddHostedService(provider => provider.GetRequiredService<ReplicaPresence>());
    }

    private static T Selected<T>(IServiceProvider provider)
        where T : notnull =>
        provider.GetKeyedService<T>(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider)
        ?? throw new InvalidOperationException($"The database engine {provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider} is not registered (Add{provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider}ConsoleData).");
}
