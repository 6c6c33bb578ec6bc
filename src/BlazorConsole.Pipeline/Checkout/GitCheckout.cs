using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using BlazorConsole.Git.Outbound;
using BlazorConsole.Pipeline.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>
/// Checks out one commit of a repository into a clean directory, through a cached bare mirror per repository
/// (<c>&lt;DataDir&gt;/mirrors/&lt;hash of the normalized URL&gt;</c>): the first checkout clones, later ones fetch only
/// what changed. The build directory receives the files of the commit (no <c>.git</c>).
/// Credentials are handed to Git only when the server asks for them and are never written to the mirror's config,
/// never put in a URL, an exception or a log. SSH repositories are fetched with the OpenSSH client and a deploy key (see
/// <see cref="SshSession"/>); their host key is trusted on first use and pinned in <c>mirrors/&lt;name&gt;.known_hosts</c>.
/// Before the mirror is touched, the server's host is checked with the <see cref="OutboundGuard"/>: libgit2 and ssh
/// connect on their own, so this is the last point where the console decides which addresses a build may reach.
/// </summary>
public sealed partial class GitCheckout(PipelinePaths paths, ILogger<GitCheckout> logger, OutboundGuard outbound, IOptions<BuildsOptions>? options = null)
{
    private const string SshCommandKey = "core.sshCommand";

    private static readonly string[] MirrorRefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

    private readonly ConcurrentDictionary<string, SemaphoreSlim> mirrorLocks = new(StringComparer.Ordinal);
    private readonly SourceSnapshots snapshots = new(logger);

    // Mirrors are shared by every component of a URL. A commit already in one is handed out without a fetch only to
    // credentials that have fetched into it before (in this process): anything else must show the server lets it read.
    private readonly ConcurrentDictionary<(string Mirror, string Credentials), bool> verifiedReaders = new();

    /// <summary>The mirror directory used for a repository URL (exists after its first checkout).</summary>
    public string MirrorDirectoryFor(string repositoryUrl) =>
        Path.Combine(paths.MirrorsDirectory, RepositoryUrl.Parse(repositoryUrl).MirrorName);

    /// <summary>Where the host keys of an SSH repository are pinned (written on the first fetch).</summary>
    public string KnownHostsFileFor(string repositoryUrl) => KnownHostsFile(MirrorDirectoryFor(repositoryUrl));

    /// <summary>The host keys pinned for an SSH repository (none before its first fetch, or after they were forgotten).</summary>
    public IReadOnlyList<PinnedHostKey> PinnedHostKeys(string repositoryUrl)
    {
        var file = KnownHostsFileFor(repositoryUrl);
        try
        {
            return File.Exists(file) ? PinnedHostKey.Parse(File.ReadAllLines(file)) : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// Forgets the pinned host keys of an SSH repository (its server's key was replaced on purpose): the next fetch trusts
    /// the key it is shown, as on first use. Waits for a fetch of the repository that is running. False when none were pinned.
    /// </summary>
    public async Task<bool> ForgetHostKeysAsync(string repositoryUrl, CancellationToken cancellationToken = default)
    {
        var mirror = MirrorDirectoryFor(repositoryUrl);
        var mirrorLock = mirrorLocks.GetOrAdd(mirror, _ => new SemaphoreSlim(1, 1));
        await mirrorLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = KnownHostsFile(mirror);
            if (!File.Exists(file))
            {
                return false;
            }

            File.Delete(file);
            var url = RepositoryUrl.Parse(repositoryUrl).Clean;
            LogHostKeysForgotten(logger, url);
            return true;
        }
        finally
        {
            mirrorLock.Release();
        }
    }

    /// <summary>
    /// Completes when the source snapshots being written in the background after recent checkouts are written
    /// (see <see cref="SourceSnapshots"/>); a build takes far longer, so a next checkout rarely waits for one.
    /// </summary>
    public Task WhenSnapshotsWrittenAsync() => snapshots.WhenWrittenAsync();

    /// <param name="progress">Human-readable progress lines for the build log (cloning, fetched N objects, checked out ...).</param>
    /// <exception cref="GitCheckoutException">Authentication failed, repository, ref or commit not found, network error.</exception>
    /// <exception cref="OperationCanceledException">The token was canceled; the mirror stays usable.</exception>
    public async Task<CheckoutResult> CheckoutAsync(CheckoutRequest request, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Destination);
        if (string.IsNullOrWhiteSpace(request.CommitSha) && string.IsNullOrWhiteSpace(request.Ref))
        {
            throw new ArgumentException("Give the commit sha or the ref (branch or tag) to check out.", nameof(request));
        }

        if (request.CommitSha is { } requestedSha && !ShaPattern().IsMatch(requestedSha))
        {
            throw new GitCheckoutException(GitCheckoutFailure.CommitNotFound, $"'{requestedSha}' is not a commit sha (40 hexadecimal digits).");
        }

        var url = RepositoryUrl.Parse(request.RepositoryUrl);
        var credentials = request.Credentials ?? url.EmbeddedCredentials;
        if (url.IsSsh)
        {
            EnsureSshPossible(url, credentials);
        }
        else if (credentials?.Kind == GitCredentialKind.SshKey)
        {
            credentials = null; // a key is no use over HTTP(S)
        }

        await EnsureServerAllowedAsync(url, cancellationToken).ConfigureAwait(false);
        var mirror = Path.Combine(paths.MirrorsDirectory, url.MirrorName);
        var log = progress ?? (_ => { });
        var watch = Stopwatch.StartNew();

        var transfer = new TransferCounter();
        bool created;
        bool fetched;
        string sha;
        var mirrorLock = mirrorLocks.GetOrAdd(mirror, _ => new SemaphoreSlim(1, 1));
        await mirrorLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (created, fetched, sha) = await Task.Run(
                () => UpdateMirror(url, mirror, credentials, request, transfer, log, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            mirrorLock.Release();
        }

        var mirrorElapsed = watch.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var (files, written, message, author) = await ExportAsync(mirror, sha, request.Destination, log, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        var reused = written < files ? $", {written} written over the previous checkout" : string.Empty;
        log($"Checked out {sha[..12]} \"{message}\" by {author} ({files} files{reused}) in {watch.Elapsed.TotalSeconds:0.0} s "
            + $"(mirror {mirrorElapsed.TotalMilliseconds:0} ms, files {(watch.Elapsed - mirrorElapsed).TotalMilliseconds:0} ms)");
        LogCheckedOut(logger, url.Clean, sha, created, transfer.ReceivedObjects, watch.ElapsedMilliseconds);
        return new CheckoutResult(sha, Path.GetFullPath(request.Destination), message, author, mirror, created, fetched,
            transfer.ReceivedObjects, transfer.ReceivedBytes, files, written, watch.Elapsed, mirrorElapsed);
    }

    private (bool Created, bool Fetched, string Sha) UpdateMirror(
        RepositoryUrl url, string mirror, GitCredentials? credentials, CheckoutRequest request,
        TransferCounter transfer, Action<string> log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.MirrorsDirectory);
        var knownHosts = KnownHostsFile(mirror);
        var pinnedBefore = File.Exists(knownHosts);
        using var ssh = url.IsSsh ? OpenSsh(url, credentials!, knownHosts, log) : null;
        using var killOnCancel = ssh is null ? default : cancellationToken.Register(ssh.Kill);
        try
        {
            var result = SyncMirror(url, mirror, credentials, ssh, request, transfer, log, cancellationToken);
            if (result.Fetched)
            {
                verifiedReaders[(mirror, ReaderKey(credentials))] = true;
            }

            if (result.Fetched && !result.Created)
            {
                RepackIfNeeded(mirror, log);
            }

            return result;
        }
        finally
        {
            // ssh pins the key before it signs in: a fetch refused for its key has trusted the host all the same.
            if (ssh is not null && !pinnedBefore && File.Exists(knownHosts))
            {
                foreach (var key in PinnedHostKey.Parse(File.ReadAllLines(knownHosts)))
                {
                    log($"Trusted the SSH host key of {key.Host} on first use ({key.KeyType} {key.Fingerprint}); later fetches require the same key");
                }
            }
        }
    }

    /// <summary>
    /// libgit2 has no garbage collection and every fetch adds a pack: past the configured number of packs the mirror is
    /// repacked into one with the git CLI (under the mirror's lock). Without git, or when it fails, the mirror keeps working.
    /// </summary>
    private void RepackIfNeeded(string mirror, Action<string> log)
    {
        var limit = options?.Value.MirrorRepackAbovePacks ?? new BuildsOptions().MirrorRepackAbovePacks;
        var packDirectory = Path.Combine(mirror, "objects", "pack");
        var packs = limit > 0 && Directory.Exists(packDirectory) ? Directory.GetFiles(packDirectory, "*.pack").Length : 0;
        if (packs <= limit)
        {
            return;
        }

        // The console's own environment (git's configuration, HOME) but no GIT_DIR that would point it at another repository.
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => (string)e.Key is not ("GIT_DIR" or "GIT_OBJECT_DIRECTORY"))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var errors = new List<string>();
        try
        {
            var outcome = ChildProcessRunner.Run(
                new ChildProcessSpec("git", ["--git-dir", mirror, "repack", "-a", "-d", "-q"], mirror, environment, TimeSpan.FromMinutes(10)),
                _ => { },
                line =>
                {
                    lock (errors)
                    {
                        errors.Add(line);
                    }
                });
            if (outcome.TimedOut)
            {
                LogRepackFailed(logger, mirror, "it took longer than 10 minutes");
                return;
            }

            if (outcome.ExitCode != 0)
            {
                LogRepackFailed(logger, mirror, $"git exited with {outcome.ExitCode}: {string.Join('\n', errors).Trim()}");
                return;
            }

            log($"Repacked the repository's mirror: {packs} packs into {Directory.GetFiles(packDirectory, "*.pack").Length}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            LogRepackFailed(logger, mirror, $"the git CLI is not installed ({ex.Message})");
        }
    }

    /// <summary>Who reads, as a one-way key kept in memory only: the user name and a hash of the secret.</summary>
    private static string ReaderKey(GitCredentials? credentials) => credentials is null
        ? "anonymous"
        : credentials.Username + ":" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(credentials.SshPrivateKey ?? credentials.Password)));

    private (bool Created, bool Fetched, string Sha) SyncMirror(
        RepositoryUrl url, string mirror, GitCredentials? credentials, SshSession? ssh, CheckoutRequest request,
        TransferCounter transfer, Action<string> log, CancellationToken cancellationToken)
    {
        var created = false;
        if (!Repository.IsValid(mirror))
        {
            // Clone into a temporary directory and move it in place only when complete: an interrupted first clone
            // (crash, cancel, wrong password) never leaves a half mirror behind.
            var staging = mirror + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            try
            {
                Repository.Init(staging, isBare: true);
                using (var repo = new Repository(staging))
                {
                    repo.Network.Remotes.Add("origin", url.Clean, MirrorRefSpecs[0]);
                    repo.Network.Remotes.Update("origin", r => r.FetchRefSpecs = MirrorRefSpecs);
                    log($"Cloning {url.Clean} (first build from this repository)");
                    Fetch(repo, url, credentials, ssh, null, transfer, log, cancellationToken);
                }

                if (Directory.Exists(mirror))
                {
                    Directory.Delete(mirror, recursive: true); // not a valid repository (see IsValid above)
                }

                Directory.Move(staging, mirror);
                created = true;
            }
            finally
            {
                ScratchDirectory.TryDelete(staging);
            }
        }

        using var mirrorRepo = new Repository(mirror);
        var fetched = created;
        if (!created)
        {
            // A known commit needs no network (rebuild, redelivery) when these credentials have read the repository
            // through this mirror before; a ref may have moved, so it always fetches.
            var known = request.CommitSha is { } knownSha && mirrorRepo.Lookup<Commit>(knownSha) is not null
                && verifiedReaders.ContainsKey((mirror, ReaderKey(credentials)));
            if (!known)
            {
                log($"Fetching {url.Clean}");
                Fetch(mirrorRepo, url, credentials, ssh, null, transfer, log, cancellationToken);
                fetched = true;
            }
        }

        if (fetched)
        {
            log($"Received {transfer.ReceivedObjects} objects ({transfer.ReceivedBytes / 1024.0:0.#} KiB)");
        }

        var sha = request.CommitSha is { } wanted
            ? FindCommit(mirrorRepo, url, credentials, ssh, wanted, transfer, log, cancellationToken)
            : ResolveRef(mirrorRepo, request.Ref!);
        return (created, fetched, sha);
    }

    private static string KnownHostsFile(string mirror) => mirror + ".known_hosts";

    /// <summary>
    /// Refuses a server whose addresses the outbound rules forbid (loopback, link-local, ...), before any fetch. A name that
    /// does not resolve is left to the fetch, which reports it as a network error in its own words.
    /// </summary>
    private async Task EnsureServerAllowedAsync(RepositoryUrl url, CancellationToken cancellationToken)
    {
        try
        {
            await outbound.EnsureHostAllowedAsync(url.ServerHost, url.Clean, cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundAddressRefusedException ex)
        {
            throw new GitCheckoutException(GitCheckoutFailure.AddressRefused, ex.Message);
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
    }

    private static void EnsureSshPossible(RepositoryUrl url, GitCredentials? credentials)
    {
        if (credentials is not { Kind: GitCredentialKind.SshKey })
        {
            // Never the console user's own keys or agent: a component reaches only what its deploy key is allowed to.
            throw new GitCheckoutException(GitCheckoutFailure.AuthenticationFailed,
                $"{url.Clean} is an SSH address: it is fetched with the component's deploy key, and none was given "
                + "(create one on the component's Build Source tab, then add its public key to the repository).");
        }

        if (SshSession.OverridingEnvironmentVariable() is { } variable)
        {
            throw new GitCheckoutException(GitCheckoutFailure.Other,
                $"The console runs with {variable} set, which would replace the deploy key for SSH fetches: unset it in the console's environment.");
        }
    }

    private SshSession OpenSsh(RepositoryUrl url, GitCredentials credentials, string knownHosts, Action<string> log)
    {
        var ssh = ToolLocator.Find("ssh")
            ?? throw new GitCheckoutException(GitCheckoutFailure.Other,
                $"{url.Clean} is an SSH address, and the OpenSSH client (ssh) is not installed on the console's machine (Debian: apt-get install openssh-client).");
        var timeout = TimeSpan.FromSeconds(options?.Value.SshConnectTimeoutSeconds ?? new BuildsOptions().SshConnectTimeoutSeconds);
        var fingerprint = SshKeys.Fingerprint(credentials.SshPublicKey);
        log($"SSH to {url.HostDisplay} with the component's deploy key{(fingerprint is null ? "" : " " + fingerprint)}");
        return SshSession.Open(ssh, paths.WorkDirectory, credentials.SshPrivateKey!, knownHosts, timeout);
    }

    private static string FindCommit(Repository repo, RepositoryUrl url, GitCredentials? credentials, SshSession? ssh, string sha,
        TransferCounter transfer, Action<string> log, CancellationToken cancellationToken)
    {
        if (repo.Lookup<Commit>(sha) is { } commit)
        {
            return commit.Sha;
        }

        // Not on any branch or tag (e.g. a pull request head): ask for the object itself; servers may refuse.
        try
        {
            Fetch(repo, url, credentials, ssh, [sha], transfer, log, cancellationToken);
        }
        catch (GitCheckoutException)
        {
        }

        return repo.Lookup<Commit>(sha)?.Sha
            ?? throw new GitCheckoutException(GitCheckoutFailure.CommitNotFound,
                $"Commit {sha} was not found in {url.Clean}: it is on no branch or tag of the repository (force-pushed away?).");
    }

    private static string ResolveRef(Repository repo, string gitRef)
    {
        gitRef = gitRef.Trim();
        string[] candidates = gitRef.StartsWith("refs/", StringComparison.Ordinal)
            ? [gitRef]
            : ["refs/heads/" + gitRef, "refs/tags/" + gitRef];
        foreach (var candidate in candidates)
        {
            if (repo.Refs[candidate] is not null && repo.Lookup<Commit>(candidate + "^{commit}") is { } commit)
            {
                return commit.Sha;
            }
        }

        if (ShaPattern().IsMatch(gitRef) && repo.Lookup<Commit>(gitRef) is { } bySha)
        {
            return bySha.Sha;
        }

        throw new GitCheckoutException(GitCheckoutFailure.RefNotFound,
            $"'{gitRef}' is neither a branch nor a tag of the repository.");
    }

    private static void Fetch(Repository repo, RepositoryUrl url, GitCredentials? credentials, SshSession? ssh, string[]? refSpecs,
        TransferCounter transfer, Action<string> log, CancellationToken cancellationToken)
    {
        var challenges = 0;
        var refused = false;
        transfer.BeginFetch();
        var options = new FetchOptions
        {
            Prune = refSpecs is null,
            TagFetchMode = TagFetchMode.None,
            OnTransferProgress = p =>
            {
                transfer.Update(p);
                return !cancellationToken.IsCancellationRequested;
            },
            OnProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        if (ssh is null)
        {
            options.CredentialsProvider = (_, _, _) =>
            {
                // libgit2 asks again after every 401: a second question means the first answer was refused.
                challenges++;
                if (credentials is null || challenges > 1)
                {
                    refused = true;
                    throw new GitAuthenticationRejectedException();
                }

                return new UsernamePasswordCredentials { Username = credentials.Username, Password = credentials.Password };
            };
        }
        else
        {
            // libgit2 runs this program for ssh (credential callbacks are not used by its ssh_exec backend). Set only for
            // this fetch, under the mirror's lock: the next fetch writes its own, with a fresh key file.
            repo.Config.Set(SshCommandKey, ssh.Command);
        }

        try
        {
            Commands.Fetch(repo, "origin", refSpecs ?? MirrorRefSpecs, options, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The checkout was canceled.", cancellationToken);
        }
        catch (Exception ex) when (ex is LibGit2SharpException or GitAuthenticationRejectedException)
        {
            throw ssh is null ? Translate(ex, url, credentials, refused) : TranslateSsh(ex, url, credentials, ssh);
        }
        finally
        {
            if (ssh is not null)
            {
                repo.Config.Unset(SshCommandKey);
            }
        }
    }

    /// <summary>Turns what ssh said into what a person can act on (libgit2 itself only says it could not read from the remote).</summary>
    private static GitCheckoutException TranslateSsh(Exception ex, RepositoryUrl url, GitCredentials? credentials, SshSession ssh)
    {
        var errors = ssh.Errors();
        var host = url.HostDisplay ?? url.Clean;
        var lastLine = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (errors.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
            || errors.Contains("Host key verification failed", StringComparison.Ordinal))
        {
            return new GitCheckoutException(GitCheckoutFailure.HostKeyChanged,
                $"The SSH host key of {host} has changed since the console first fetched from it (it was pinned then). "
                + "If the server's key was replaced on purpose, use \"Forget host key\" on the component's Build Source tab "
                + $"(or delete {ssh.KnownHostsFile}) and build again: the next fetch trusts the new key. Otherwise someone may be intercepting the connection.");
        }

        if (errors.Contains("Permission denied", StringComparison.Ordinal))
        {
            var key = credentials?.SshPublicKey is { } publicKey ? publicKey : "(the component's public key, on its Build Source tab)";
            return new GitCheckoutException(GitCheckoutFailure.AuthenticationFailed,
                $"The repository {url.Clean} refused the deploy key: add this public key to the repository's deploy keys "
                + $"(read access is enough), then build again: {key}");
        }

        if (errors.Contains("Could not resolve hostname", StringComparison.Ordinal)
            || errors.Contains("Connection refused", StringComparison.Ordinal)
            || errors.Contains("timed out", StringComparison.OrdinalIgnoreCase)
            || errors.Contains("No route to host", StringComparison.Ordinal)
            || errors.Contains("Network is unreachable", StringComparison.Ordinal)
            || errors.Contains("kex_exchange_identification", StringComparison.Ordinal)
            || errors.Contains("Connection closed by", StringComparison.Ordinal)
            || errors.Contains("Connection reset", StringComparison.Ordinal))
        {
            return new GitCheckoutException(GitCheckoutFailure.Network,
                $"Cannot reach {host} over SSH ({lastLine.TrimEnd('.')}): check the host name and port, and that the console's machine may connect to it.");
        }

        if (errors.Contains("does not appear to be a git repository", StringComparison.Ordinal)
            || errors.Contains("not found", StringComparison.OrdinalIgnoreCase)
            || errors.Contains("No such file or directory", StringComparison.Ordinal)
            || errors.Contains("not a git repository", StringComparison.OrdinalIgnoreCase))
        {
            return new GitCheckoutException(GitCheckoutFailure.RepositoryNotFound,
                $"Repository {url.Clean} was not found ({lastLine.TrimEnd('.')}): check the path; a provider also answers 'not found' "
                + "when the deploy key belongs to another repository.");
        }

        var detail = lastLine.Length > 0 ? lastLine : ex.Message;
        return new GitCheckoutException(GitCheckoutFailure.Other, $"Fetching {url.Clean} over SSH failed: {detail}");
    }

    private static GitCheckoutException Translate(Exception ex, RepositoryUrl url, GitCredentials? credentials, bool refused)
    {
        var text = ex.Message;
        if (refused || ex is GitAuthenticationRejectedException
            || text.Contains("authentication", StringComparison.OrdinalIgnoreCase)
            || text.Contains("401", StringComparison.Ordinal) || text.Contains("403", StringComparison.Ordinal))
        {
            return new GitCheckoutException(GitCheckoutFailure.AuthenticationFailed, credentials is null
                ? $"Authentication failed for {url.Clean}: the repository needs credentials (a user name and password or token, or an OAuth binding)."
                : $"Authentication failed for {url.Clean}: the server refused the credentials of user '{credentials.Username}' (wrong password, expired or revoked token, or no access to this repository).");
        }

        if (text.Contains("404", StringComparison.Ordinal) || text.Contains("not found", StringComparison.OrdinalIgnoreCase)
            || text.Contains("failed to resolve path", StringComparison.OrdinalIgnoreCase)
            || text.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
            || text.Contains("could not find repository", StringComparison.OrdinalIgnoreCase))
        {
            return new GitCheckoutException(GitCheckoutFailure.RepositoryNotFound,
                $"Repository {url.Clean} was not found (check the URL; a private repository also answers 'not found' to unauthorized users).");
        }

        // libgit2 messages carry no credentials (the URL it knows has none); strip userinfo anyway.
        var detail = UserInfoPattern().Replace(text, "://***@");
        var failure = text.Contains("resolve", StringComparison.OrdinalIgnoreCase) || text.Contains("connect", StringComparison.OrdinalIgnoreCase)
            || text.Contains("timed out", StringComparison.OrdinalIgnoreCase) || text.Contains("SSL", StringComparison.Ordinal)
            ? GitCheckoutFailure.Network
            : GitCheckoutFailure.Other;
        return new GitCheckoutException(failure, $"Fetching {url.Clean} failed: {detail}");
    }

    private async Task<ExportResult> ExportAsync(string mirror, string sha, string destination, Action<string> log, CancellationToken cancellationToken)
    {
        destination = Path.GetFullPath(destination);
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var snapshotSha = await snapshots.TryTakeAsync(mirror, destination).ConfigureAwait(false);
        var result = await Task.Run(() => Export(mirror, sha, destination, snapshotSha, log, cancellationToken), cancellationToken).ConfigureAwait(false);
        snapshots.Refill(mirror, sha);
        return result;
    }

    private static ExportResult Export(string mirror, string sha, string destination, string? snapshotSha, Action<string> log, CancellationToken cancellationToken)
    {
        using var repo = new Repository(mirror);
        var commit = repo.Lookup<Commit>(sha);
        if (snapshotSha is not null && repo.Lookup<Commit>(snapshotSha) is { } previous)
        {
            // The directory holds the files of the previous checkout: write only what differs.
            var written = TreeWriter.Patch(previous.Tree, commit.Tree, destination, log, cancellationToken);
            return new ExportResult(TreeWriter.CountFiles(commit.Tree), written, commit.MessageShort, commit.Author.Name);
        }

        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.CreateDirectory(destination);
        var files = TreeWriter.Write(commit.Tree, destination, log, cancellationToken);
        return new ExportResult(files, files, commit.MessageShort, commit.Author.Name);
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShaPattern();

    [GeneratedRegex("://[^/@\\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPattern();

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Forgot the pinned SSH host keys of {Url}")]
    private static partial void LogHostKeysForgotten(ILogger logger, string url);

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "The mirror {Mirror} was not repacked: {Reason}")]
    private static partial void LogRepackFailed(ILogger logger, string mirror, string reason);

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Checked out {Url} at {Sha} (mirror created: {Created}, received {Objects} objects) in {ElapsedMs} ms")]
    private static partial void LogCheckedOut(ILogger logger, string url, string sha, bool created, int objects, long elapsedMs);

    private readonly record struct ExportResult(int Files, int Written, string Message, string Author);

    private sealed class TransferCounter
    {
        private int baseObjects;
        private long baseBytes;
        private int lastObjects;
        private long lastBytes;

        public int ReceivedObjects => baseObjects + lastObjects;

        public long ReceivedBytes => baseBytes + lastBytes;

        /// <summary>Each fetch reports from zero; several fetches in one checkout add up.</summary>
        public void BeginFetch()
        {
            baseObjects += lastObjects;
            baseBytes += lastBytes;
            lastObjects = 0;
            lastBytes = 0;
        }

        public void Update(TransferProgress progress)
        {
            lastObjects = progress.ReceivedObjects;
            lastBytes = progress.ReceivedBytes;
        }
    }

    private sealed class GitAuthenticationRejectedException : Exception
    {
        public GitAuthenticationRejectedException()
            : base("The server refused the credentials.")
        {
        }
    }
}
