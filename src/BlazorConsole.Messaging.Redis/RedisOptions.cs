using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Messaging.Redis;

/// <summary>The <c>Redis</c> configuration section: set <see cref="Configuration"/> to run as one of several replicas.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis:6379</c>, <c>host:6379,password=…,ssl=true</c>); empty = one
    /// console process, everything live stays in process.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every channel, so that several consoles (or a test per run) can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Redis:ChannelPrefix takes 1-64 letters, digits, '.', '_' or '-'.")]
    public string ChannelPrefix { get; set; } = "blazorconsole";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
