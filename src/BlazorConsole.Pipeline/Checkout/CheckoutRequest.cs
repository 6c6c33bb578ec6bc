namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// What to check out: the exact <paramref name="CommitSha"/> when known (a push event), otherwise the commit that
/// <paramref name="Ref"/> points at (<c>main</c>, <c>refs/heads/main</c>, <c>v1.2</c>, <c>refs/tags/v1.2</c>).
/// The files are written into <paramref name="Destination"/>, which is emptied first.
/// </summary>
public sealed record CheckoutRequest(
    string RepositoryUrl,
    string Destination,
    string? CommitSha = null,
    string? Ref = null,
    GitCredentials? Credentials = null);

/// <param name="CommitSha">The commit whose files are in <paramref name="Directory"/>.</param>
/// <param name="MirrorCreated">True when this checkout cloned the repository; false when it reused the mirror.</param>
/// <param name="Fetched">False when the commit was already in the mirror and nothing was fetched.</param>
/// <param name="ReceivedObjects">Objects received from the server by this checkout (the delta on a reused mirror).</param>
/// <param name="Files">Files of the commit in <paramref name="Directory"/>.</param>
/// <param name="FilesWritten">Files this checkout wrote: all of them, or only those that changed since the previous checkout of the repository.</param>
/// <param name="Elapsed">The whole checkout: mirror update and writing the files.</param>
/// <param name="MirrorElapsed">The mirror part alone: clone or fetch, and resolving the commit.</param>
public sealed record CheckoutResult(
    string CommitSha,
    string Directory,
    string CommitMessage,
    string CommitAuthor,
    string MirrorDirectory,
    bool MirrorCreated,
    bool Fetched,
    int ReceivedObjects,
    long ReceivedBytes,
    int Files,
    int FilesWritten,
    TimeSpan Elapsed,
    TimeSpan MirrorElapsed);
