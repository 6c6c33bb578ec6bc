using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Components;
using BlazorConsole.Pipeline;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Application.Components;

/// <summary>
/// The SSH deploy keys of components whose repository is an ssh:// or scp-like address (Coolify, Rainbond style): an
/// Ed25519 pair made by the console (or a private key pasted by a person), the private half encrypted at rest and used
/// only by checkouts, the public half shown so that people add it to the repository's deploy keys.
/// </summary>
internal sealed partial class DeployKeys(SecretProtector secrets, PipelinePaths paths, GitCheckout checkout, TimeProvider time, ILogger<DeployKeys> logger)
{
    /// <summary>The repository is reached over SSH, so the component needs a deploy key.</summary>
    public static bool Applies(string? gitUrl) => RepositoryUrl.LooksLikeSsh(gitUrl);

    /// <summary>Gives the component a new key pair (the old one stops working). Returns the problem, if any.</summary>
    public async Task<string?> AssignNewAsync(Component component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        try
        {
            var pair = await SshKeys.GenerateAsync(paths, Comment(component), cancellationToken);
            var fingerprint = Assign(component, pair.PrivateKey, pair.PublicKey);
            LogKeyAssigned(logger, component.Id, "generated", fingerprint);
            return null;
        }
        catch (SshKeyException ex)
        {
            return $"The deploy key could not be made: {ex.Message}";
        }
    }

    /// <summary>Uses a private key a person pasted (write-only: it is never shown again). Returns the problem, if any.</summary>
    public async Task<string?> AssignPastedAsync(Component component, string privateKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (privateKey.Length > 20_000)
        {
            return "That private key is too long.";
        }

        try
        {
            var publicKey = await SshKeys.PublicKeyOfAsync(paths, privateKey, Comment(component), cancellationToken);
            var fingerprint = Assign(component, privateKey, publicKey);
            LogKeyAssigned(logger, component.Id, "pasted", fingerprint);
            return null;
        }
        catch (SshKeyException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The host keys the console pinned for the repository on its first SSH fetch.</summary>
    public IReadOnlyList<PinnedHostKey> PinnedHostKeys(string gitUrl)
    {
        try
        {
            return Applies(gitUrl) ? checkout.PinnedHostKeys(gitUrl) : [];
        }
        catch (GitCheckoutException)
        {
            return [];
        }
    }

    /// <summary>Forgets the pinned host keys: the next fetch trusts the key the server shows. False when none were pinned.</summary>
    public async Task<bool> ForgetHostKeysAsync(string gitUrl, CancellationToken cancellationToken) =>
        Applies(gitUrl) && await checkout.ForgetHostKeysAsync(gitUrl, cancellationToken);

    /// <summary>Where the repository's host keys are pinned (for the message that says how to reset them by hand).</summary>
    public string KnownHostsFile(string gitUrl) => checkout.KnownHostsFileFor(gitUrl);

    private string? Assign(Component component, string privateKey, string publicKey)
    {
        component.DeployKeyPrivateProtected = secrets.Protect(SshKeys.NormalizePrivateKey(privateKey));
        component.DeployKeyPublic = publicKey;
        component.DeployKeyCreatedAt = time.GetUtcNow();
        return SshKeys.Fingerprint(publicKey);
    }

    /// <summary>Ends the public key line: tells a repository's list of deploy keys which console and component it is.</summary>
    private static string Comment(Component component) => $"blazor-console {component.Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Deploy key of component {ComponentId} {How} ({Fingerprint})")]
    private static partial void LogKeyAssigned(ILogger logger, Guid componentId, string how, string? fingerprint);
}
