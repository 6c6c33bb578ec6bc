namespace BlazorConsole.Web.Hosting;

/// <summary>
/// Whether this console runs as one of several replicas: <c>Redis:Configuration</c> is set. Read from configuration
/// here, as the Redis engine's options are its own (Web does not name the engine).
/// </summary>
internal static class ReplicaMode
{
    /// <summary>The Redis configuration string; null for one console.</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration["Redis:Configuration"] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static bool IsOn(IConfiguration configuration) => RedisConfiguration(configuration) is not null;

    /// <summary><c>Redis:ChannelPrefix</c>, with the engine's default.</summary>
    public static string ChannelPrefix(IConfiguration configuration) =>
        configuration["Redis:ChannelPrefix"] is { Length: > 0 } prefix ? prefix : "blazorconsole";
}
