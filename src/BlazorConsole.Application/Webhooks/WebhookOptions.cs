using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Application.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Larger bodies are refused with 413 before anything is stored.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>How far a Gitee signing-key timestamp may be from the console's clock (Gitee's docs say one hour).</summary>
    public TimeSpan GiteeTimestampWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries kept per component (newest first); older ones are removed by the retention sweep.</summary>
    [Range(10, 1_000_000)]
    public int KeepPerComponent { get; set; } = 1000;

    /// <summary>Deliveries older than this are removed by the retention sweep.</summary>
    [Range(1, 3650)]
    public int KeepDays { get; set; } = 90;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Rejected requests (bad signature, malformed, wrong API trigger key) stored per component and minute; more are
    /// answered 429 with Retry-After and only counted. Correctly signed deliveries are never held back by this.
    /// </summary>
    [Range(1, 100_000)]
    public int RejectedPerMinute { get; set; } = 60;

    /// <summary>
    /// Slowest body upload accepted on the webhook URLs, in bytes a second after <see cref="BodyGracePeriod"/>
    /// (Kestrel's own default is 240). A slower sender is answered 408, so a trickle cannot hold a request open for long.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public double MinBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a body may arrive slower than <see cref="MinBodyBytesPerSecond"/> before it is cut off (Kestrel needs more than one second).</summary>
    [Range(typeof(TimeSpan), "00:00:01.100", "01:00:00")]
    public TimeSpan BodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}
