using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Web.Features.Components;
using BlazorConsole.Web.Features.GitProviders;

namespace BlazorConsole.Web.Features.Builds.Workers;

/// <summary>
/// What a build clones with: for an SSH repository the component's deploy key; otherwise the username and password
/// stored on the component, else the access token of the OAuth binding the repository was picked through (its
/// creator's, refreshed when due), else nothing (a public repository).
/// The note says which, for the build log; it never contains the secret.
/// </summary>
internal sealed class BuildCredentials(SecretProtector secrets, OAuthBindingService bindings, DeployKeys deployKeys)
{
    public async Task<(GitCredentials? Credentials, string Note)> ForAsync(Component component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (DeployKeys.Applies(component.GitUrl))
        {
            return deployKeys.CredentialsFor(component);
        }

        if (!string.IsNullOrEmpty(component.GitUsername) && secrets.TryUnprotect(component.GitPasswordProtected, out var password) && password.Length > 0)
        {
            return (GitCredentials.Basic(component.GitUsername, password), $"Credentials: the component's stored password for user '{component.GitUsername}'");
        }

        if (component is not { OAuthServiceId: { } serviceId, CreatedByUserId: { } userId })
        {
            return (null, "Credentials: none (a public repository)");
        }

        var (result, token, provider) = await bindings.AccessTokenAsync(userId, serviceId, cancellationToken);
        if (!result.Succeeded || token is null)
        {
            return (null, $"Credentials: none — the OAuth binding the repository was picked through cannot be used: {result.Error}");
        }

        // GitHub takes any user name with a token (x-access-token by convention); GitLab, Gitee and Gitea take oauth2.
        var username = provider == GitProviderKind.GitHub ? "x-access-token" : "oauth2";
        return (GitCredentials.OAuthToken(token, username), $"Credentials: the {GitProviderProfiles.DisplayName(provider)} OAuth binding the repository was picked through");
    }
}
