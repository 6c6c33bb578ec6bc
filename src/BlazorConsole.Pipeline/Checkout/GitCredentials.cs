namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// Credentials for HTTP(S) Git: a username and a password or token. Given to Git only when the server asks (401),
/// never put into a URL or onto disk. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class GitCredentials
{
    private GitCredentials(string username, string password)
    {
        Username = username;
        Password = password;
    }

    public string Username { get; }

    public string Password { get; }

    public static GitCredentials Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new GitCredentials(username, password);
    }

    /// <summary>
    /// An OAuth access token. GitLab and Gitee take the user name <c>oauth2</c>; GitHub and Gitea accept
    /// <c>x-access-token</c> (any non-empty name works for them).
    /// </summary>
    public static GitCredentials OAuthToken(string token, string username = "oauth2")
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(username);
        return new GitCredentials(username, token);
    }

    public override string ToString() => $"{Username}:***";
}
