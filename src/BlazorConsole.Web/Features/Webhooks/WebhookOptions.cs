using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Web.Features.Webhooks;

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

    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
