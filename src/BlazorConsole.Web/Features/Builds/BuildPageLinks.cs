using BlazorConsole.Pipeline.Workers;
using BlazorConsole.Web.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Features.Builds;

/// <summary>The build page (<c>/builds/{id}</c>, <see cref="Pages.BuildPage"/>) under <c>Console:PublicUrl</c>, for commit statuses.</summary>
internal sealed class BuildPageLinks(IOptions<ConsoleOptions> console) : IBuildPageLinks
{
    public string? BuildPage(long buildId)
    {
        var publicUrl = console.Value.PublicUrl;
        return string.IsNullOrWhiteSpace(publicUrl) ? null : $"{publicUrl.TrimEnd('/')}/builds/{buildId}";
    }
}
