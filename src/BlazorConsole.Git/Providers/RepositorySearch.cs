namespace BlazorConsole.Git.Providers;

/// <summary>
/// Search for providers whose "repositories I can reach" listing has no search parameter (GitHub, Gitea):
/// reads up to <see cref="MaxScanned"/> repositories, filters by name, and pages the matches.
/// </summary>
internal static class RepositorySearch
{
    public const int ScanPageSize = 100;
    public const int MaxScanned = 1000;

    public static async Task<RepositoryPage> FilterAsync(
        Func<int, int, Task<IReadOnlyList<ProviderRepository>>> fetchPage,
        string search,
        int page,
        int perPage,
        CancellationToken cancellationToken)
    {
        var term = search.Trim();
        var matches = new List<ProviderRepository>();
        for (var scanPage = 1; scanPage <= MaxScanned / ScanPageSize; scanPage++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await fetchPage(scanPage, ScanPageSize);
            matches.AddRange(batch.Where(r => r.FullName.Contains(term, StringComparison.OrdinalIgnoreCase)));
            if (batch.Count < ScanPageSize || matches.Count > page * perPage)
            {
                break;
            }
        }

        var items = matches.Skip((page - 1) * perPage).Take(perPage).ToList();
        return new RepositoryPage(items, page, perPage, matches.Count > page * perPage);
    }
}
