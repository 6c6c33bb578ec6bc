using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Pipeline.Workers;

/// <summary>
/// What a build clones with: for an SSH repository the component's deploy key; otherwise the username and password
/// stored on the component, else the access token of the OAuth binding the repository was picked through (its
/// creator's, refreshed when due), else nothing (a public repository).
/// The note says which, for the build log; it never contains the secret.
/// </summary>
public sealed class BuildCredentials(SecretProtector secrets, IOAuthBindingAccess bindings)
{
    public async Task<(GitCredentials? Credentials, string Note)> ForAsync(Component component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (RepositoryUrl.LooksLikeSsh(component.GitUrl))
        {
            return DeployKeyOf(component);
        }

        if (!string.IsNullOrEmpty(component.GitUsername) && secrets.TryUnprotect(component.GitPasswordProtected, out var password) && password.Length > 0)
        {
            return (GitCredentials.Basic(component.GitUsername, password), $"Credentials: the component's stored password for user '{component.GitUsername}'");
        }

        if (component is not { OAuthServiceId: { } serviceId, CreatedByUserId: { } userId })
        {
            return (null, "Credentials: none (a public repository)");
        }

        var access = await bindings.AccessTokenAsync(userId, serviceId, cancellationToken);
        if (!access.Succeeded || access.AccessToken is null)
        {
            return (null, $"Credentials: none — the OAuth binding the repository was picked through cannot be used: {access.Error}");
        }

        // GitHub takes any user name with a token (x-access-token by convention); GitLab, Gitee and Gitea take oauth2.
        var username = access.Provider == GitProviderKind.GitHub ? "x-access-token" : "oauth2";
        return (GitCredentials.OAuthToken(access.AccessToken, username), $"Credentials: the {GitProviderProfiles.DisplayName(access.Provider)} OAuth binding the repository was picked through");
    }

    /// <summary>
    /// The component's SSH deploy key (made or pasted on its Build Source tab, the private half encrypted at rest), or
    /// null credentials with a note saying why there is no usable key.
    /// </summary>
    private (GitCredentials? Credentials, string Note) DeployKeyOf(Component component)
    {
        if (secrets.TryUnprotect(component.DeployKeyPrivateProtected, out var privateKey) && privateKey.Length > 0)
        {
            var fingerprint = SshKeys.Fingerprint(component.DeployKeyPublic);
            return (GitCredentials.SshKey(privateKey, component.DeployKeyPublic), $"Credentials: the component's SSH deploy key{(fingerprint is null ? "" : " " + fingerprint)}");
        }

        return (null, component.DeployKeyPrivateProtected is null
            ? "Credentials: none — this SSH repository has no deploy key yet: generate one on the component's Build Source tab and add its public key to the repository"
            : "Credentials: none — the deploy key cannot be decrypted (the console's key ring changed): regenerate it on the Build Source tab and add the new public key to the repository");
    }
}
