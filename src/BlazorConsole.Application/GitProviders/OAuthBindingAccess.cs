using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline.Workers;

namespace BlazorConsole.Application.GitProviders;

/// <summary>The pipeline's view of the OAuth bindings (<see cref="IOAuthBindingAccess"/>): <see cref="OAuthBindingService"/> does the work.</summary>
internal sealed class OAuthBindingAccess(OAuthBindingService bindings) : IOAuthBindingAccess
{
    public async Task<OAuthAccessToken> AccessTokenAsync(string userId, Guid serviceId, CancellationToken cancellationToken)
    {
        var (result, token, provider) = await bindings.AccessTokenAsync(userId, serviceId, cancellationToken);
        return new OAuthAccessToken(result.Succeeded, token, provider, result.Error);
    }

    public async Task<OAuthBindingUse> UseProviderAsync(string userId, Guid serviceId, Func<IGitProviderClient, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (result, _) = await bindings.UseProviderAsync(userId, serviceId, async (client, ct) =>
        {
            await action(client, ct);
            return true;
        }, cancellationToken);
        return new OAuthBindingUse(result.Succeeded, result.Error);
    }
}
