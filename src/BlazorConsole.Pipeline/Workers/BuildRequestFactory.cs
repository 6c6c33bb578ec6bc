using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Data.Writes;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Detection;
using BlazorConsole.Pipeline.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// Turns a claimed build row into what <see cref="BuildRunner"/> runs: repository, commit, credentials, the chosen
/// language, the secrets to mask, the artifacts retention must keep, and where a Dockerfile build's image goes.
/// </summary>
public sealed class BuildRequestFactory(
    IDbContextFactory<ConsoleDbContext> dbFactory,
    BuildCredentials credentialSource,
    SecretProtector secrets,
    ReleaseManager releases,
    IOptions<BuildsOptions> options,
    IOptions<RuntimeOptions> runtimeOptions)
{
    /// <returns>Null when the component no longer exists.</returns>
    public async Task<BuildRequest?> ForAsync(ClaimedBuild claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var build = await db.Builds.AsNoTracking().FirstAsync(b => b.Id == claimed.Id, cancellationToken);
        var component = await db.Components.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimed.ComponentId, cancellationToken);
        if (component is null)
        {
            return null;
        }

        // Component names are unique within a team, so team slug + name never names two components' images.
        var teamSlug = await db.Teams.AsNoTracking().Where(t => t.Id == component.TeamId).Select(t => t.Slug).FirstOrDefaultAsync(cancellationToken)
            ?? component.TeamId.ToString("N");
        // Only plain values: a Dockerfile's ARG is readable in the image's history, so secrets never become build arguments.
        var publicVariables = await db.ComponentVariables.AsNoTracking()
            .Where(v => v.ComponentId == component.Id && !v.IsSecret)
            .ToDictionaryAsync(v => v.Name, v => v.Value ?? "", StringComparer.Ordinal, cancellationToken);
        var (credentials, credentialsNote) = await credentialSource.ForAsync(component, cancellationToken);
        var redact = new List<string>();
        if (secrets.TryUnprotect(component.WebhookSecretProtected, out var webhookSecret) && webhookSecret.Length > 0)
        {
            redact.Add(webhookSecret);
        }

        return new BuildRequest(component.Id.ToString("N"), BuildWorkers.BuildKey(build.Id), component.GitUrl)
        {
            Title = $"Build #{build.Number} of {component.Name}",
            CommitSha = build.CommitSha,
            Ref = build.Ref,
            Credentials = credentials,
            Notes = [credentialsNote],
            // A Dockerfile path set in the settings says how to build, even where detection at the root finds no Dockerfile.
            Language = ComponentLanguageFields.Chosen(component) ?? (component.DockerfilePath is not null ? AppLanguage.Dockerfile : null),
            Secrets = redact,
            Timeout = options.Value.Timeout,
            BuildNumber = build.Number,
            PublicVariables = publicVariables,
            ImageRepository = ImageReference.Repository(teamSlug, component.Name),
            DockerfilePath = component.DockerfilePath,
            DockerTarget = component.DockerTarget,
            ContainerReleases = string.Equals(component.Runtime ?? runtimeOptions.Value.Default.Trim(), "docker", StringComparison.OrdinalIgnoreCase),
            // Retention never deletes what a release runs from or could roll back to.
            ArtifactsInUse = (await releases.BuildsInUseAsync(component.Id, cancellationToken)).Select(BuildWorkers.BuildKey).ToList(),
        };
    }
}
