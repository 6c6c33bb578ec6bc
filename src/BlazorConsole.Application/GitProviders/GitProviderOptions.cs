using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Application.GitProviders;

/// <summary>The <c>GitProviders</c> configuration section (see appsettings.sample.json).</summary>
public sealed class GitProviderOptions
{
    public const string SectionName = "GitProviders";

    /// <summary>How long a "Go to Authentication" may take, from the click to the provider sending the browser back.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Access tokens are refreshed this long before they expire (GitLab's last 2 hours).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Repositories per page when browsing.</summary>
    [Range(1, 100)]
    public int RepositoriesPerPage { get; set; } = 20;
}
