using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorConsole.Git.Outbound;

public static class OutboundServiceCollectionExtensions
{
    /// <summary><see cref="OutboundOptions"/> (section <c>Outbound</c>, checked at start) and the <see cref="OutboundGuard"/> singleton.</summary>
    public static IServiceCollection AddOutboundGuard(this IServiceCollection services)
    {
        // Binding fails at start (not at the first OAuth call) when a value is not a boolean.
        services.AddOptions<OutboundOptions>()
            .BindConfiguration(OutboundOptions.SectionName)
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton<OutboundGuard>();
        return services;
    }

    /// <summary>Makes <see cref="OutboundGuard.CreateHandler"/> the client's primary handler: every connection it opens is checked.</summary>
    public static IHttpClientBuilder UseOutboundGuard(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOutboundGuard();
        return builder.ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundGuard>().CreateHandler());
    }
}
