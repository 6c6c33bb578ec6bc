namespace BlazorConsole.Pipeline.Checkout;

public enum GitCredentialKind
{
    /// <summary>HTTP(S): a username and a password or token.</summary>
    Password,

    /// <summary>SSH: a private key (a component's deploy key).</summary>
    SshKey,
}

/// <summary>
/// Credentials for Git: for HTTP(S) a username and a password or token, given to Git only when the server asks (401),
/// never put into a URL; for SSH a private key, written to a 0600 file for the length of one fetch only.
/// Never written to a mirror's config. <see cref="ToString"/> never shows the password or the key.
/// </summary>
public sealed class GitCredentials
{
    private GitCredentials(GitCredentialKind kind, string username, string password, string? privateKey = null, string? publicKey = null)
    {
        Kind = kind;
        Username = username;
        Password = password;
        SshPrivateKey = privateKey;
        SshPublicKey = publicKey;
    }

    public GitCredentialKind Kind { get; }

    /// <summary>The HTTP user; empty for an SSH key (the SSH user is part of the URL).</summary>
    public string Username { get; }

    /// <summary>The HTTP password or token; empty for an SSH key.</summary>
    public string Password { get; }

    /// <summary>The private key in OpenSSH format (<see cref="GitCredentialKind.SshKey"/> only).</summary>
    public string? SshPrivateKey { get; }

    /// <summary>The matching public key (one OpenSSH line), to tell people what to add to the repository; optional.</summary>
    public string? SshPublicKey { get; }

    public static GitCredentials Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new GitCredentials(GitCredentialKind.Password, username, password);
    }

    /// <summary>
    /// An OAuth access token. GitLab and Gitee take the user name <c>oauth2</c>; GitHub and Gitea accept
    /// <c>x-access-token</c> (any non-empty name works for them).
    /// </summary>
    public static GitCredentials OAuthToken(string token, string username = "oauth2")
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(username);
        return new GitCredentials(GitCredentialKind.Password, username, token);
    }

    /// <summary>An SSH private key (OpenSSH or PEM text, without a passphrase) and optionally its public key.</summary>
    public static GitCredentials SshKey(string privateKey, string? publicKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKey);
        return new GitCredentials(GitCredentialKind.SshKey, "", "", SshKeys.NormalizePrivateKey(privateKey), string.IsNullOrWhiteSpace(publicKey) ? null : publicKey.Trim());
    }

    public override string ToString() => Kind == GitCredentialKind.SshKey
        ? "ssh key " + (SshPublicKey is { } pub && SshKeys.Fingerprint(pub) is { } fingerprint ? fingerprint : "***")
        : $"{Username}:***";
}
