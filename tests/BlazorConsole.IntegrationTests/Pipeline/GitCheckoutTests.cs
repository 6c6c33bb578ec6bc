using System.Runtime.Versioning;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorConsole.IntegrationTests.Pipeline;

/// <summary>Checkout through a real Git server (git-http-backend behind Basic auth) into the cached mirror.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class GitCheckoutTests : IAsyncLifetime, IDisposable
{
    private const string User = "alice";
    private const string Password = "s3cret-Pa55word!";

    private readonly PipelineTempRoot temp = new();
    private GitSmartHttpServer server = null!;
    private GitCheckout checkout = null!;

    public async Task InitializeAsync()
    {
        server = await GitSmartHttpServer.StartAsync(temp.Repos, User, Password);
        checkout = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => temp.Dispose();

    private GitTestRepository NewRepository(string name = "app")
    {
        var repo = GitTestRepository.Create(temp.Repos, name);
        repo.WriteFile("README.md", "hello\n").WriteFile("bin/run.sh", "#!/bin/sh\necho run\n");
        File.SetUnixFileMode(Path.Combine(repo.WorkPath, "bin/run.sh"), (UnixFileMode)0b111_101_101);
        return repo;
    }

    [Fact]
    public async Task Checkout_with_basic_auth_writes_exactly_the_files_of_the_commit()
    {
        var repo = NewRepository();
        var sha = repo.CommitAndPush("first");
        var destination = temp.NewDirectory("build");
        Directory.CreateDirectory(destination);
        File.WriteAllText(Path.Combine(destination, "stale.txt"), "left over from an earlier build");

        var result = await checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(repo.Name), destination, CommitSha: sha,
            Credentials: GitCredentials.Basic(User, Password)));

        Assert.Equal(sha, result.CommitSha);
        Assert.True(result.MirrorCreated);
        Assert.Equal("first", result.CommitMessage);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(destination, "README.md")));
        Assert.True(File.GetUnixFileMode(Path.Combine(destination, "bin/run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.Exists(Path.Combine(destination, "stale.txt")));
        Assert.False(Directory.Exists(Path.Combine(destination, ".git")));
        Assert.True(server.Challenges >= 1, "the server asked for credentials first");
    }

    [Fact]
    public async Task A_branch_or_tag_name_resolves_to_its_commit()
    {
        var repo = NewRepository();
        var first = repo.CommitAndPush("first");
        repo.Git("tag", "-a", "v1.0", "-m", "release 1.0");
        repo.Git("push", "--quiet", "origin", "v1.0");
        repo.WriteFile("README.md", "second\n");
        var second = repo.CommitAndPush("second");
        var credentials = GitCredentials.Basic(User, Password);

        var byBranch = await checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("b"), Ref: "main", Credentials: credentials));
        var byTag = await checkout.CheckoutAsync(new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("t"), Ref: "refs/tags/v1.0", Credentials: credentials));

        Assert.Equal(second, byBranch.CommitSha);
        Assert.Equal(first, byTag.CommitSha);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(byTag.Directory, "README.md")));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_clear_authentication_error_that_does_not_show_it()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");

        var error = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("build"), Ref: "main", Credentials: GitCredentials.Basic(User, "wrong-password-123"))));

        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("refused the credentials of user 'alice'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-123", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Paths.MirrorsDirectory) && Directory.EnumerateFileSystemEntries(temp.Paths.MirrorsDirectory).Any(),
            "a failed first clone leaves no half mirror behind");
    }

    [Fact]
    public async Task Missing_credentials_say_that_the_repository_needs_them()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");

        var error = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("build"), Ref: "main")));

        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("needs credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_repository_commit_and_ref_are_told_apart()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");
        var credentials = GitCredentials.Basic(User, Password);

        var noRepo = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor("missing.git"), temp.NewDirectory("a"), Ref: "main", Credentials: credentials)));
        var noCommit = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("b"), CommitSha: new string('a', 40), Credentials: credentials)));
        var noRef = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("c"), Ref: "release/9", Credentials: credentials)));

        Assert.Equal(GitCheckoutFailure.RepositoryNotFound, noRepo.Failure);
        Assert.Equal(GitCheckoutFailure.CommitNotFound, noCommit.Failure);
        Assert.Contains(new string('a', 40), noCommit.Message, StringComparison.Ordinal);
        Assert.Equal(GitCheckoutFailure.RefNotFound, noRef.Failure);
        Assert.Contains("release/9", noRef.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_second_checkout_reuses_the_mirror_and_fetches_only_the_new_commit()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");
        repo.ImportHistory(300, files: 120);
        var url = server.UrlFor(repo.Name);
        var credentials = GitCredentials.Basic(User, Password);

        var first = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b1"), Ref: "main", Credentials: credentials));
        repo.WriteFile("src/file0001.txt", "changed\n");
        var newSha = repo.CommitAndPush("one more");
        var second = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b2"), CommitSha: newSha, Credentials: credentials));

        Assert.True(first.MirrorCreated);
        Assert.True(first.ReceivedObjects > 900, $"the first checkout cloned the history ({first.ReceivedObjects} objects)");
        Assert.False(second.MirrorCreated);
        Assert.Equal(first.MirrorDirectory, second.MirrorDirectory);
        Assert.True(second.Fetched);
        Assert.InRange(second.ReceivedObjects, 1, 5); // commit, root tree, src tree, one blob
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(second.Directory, "src/file0001.txt")));

        // Building the same commit again needs no network at all.
        var requests = server.Requests;
        var third = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b3"), CommitSha: newSha, Credentials: credentials));
        Assert.False(third.Fetched);
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public async Task A_checkout_over_the_previous_one_writes_only_what_changed_and_gives_exactly_the_new_commit()
    {
        var repo = NewRepository();
        repo.WriteFile("src/keep.txt", "kept\n").WriteFile("src/gone.txt", "removed later\n").WriteFile("docs/guide.md", "a directory that becomes a file\n")
            .WriteFile("config", "a file that becomes a directory\n").WriteFile("tool.sh", "#!/bin/sh\necho tool\n");
        for (var i = 0; i < 40; i++)
        {
            repo.WriteFile($"lib/module{i:D2}.js", $"module.exports = {i};\n");
        }

        var firstSha = repo.CommitAndPush("first");
        var url = server.UrlFor(repo.Name);
        var credentials = GitCredentials.Basic(User, Password);
        var first = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b1"), Ref: "main", Credentials: credentials));

        // What the build did to its own directory must not reach the next build.
        File.WriteAllText(Path.Combine(first.Directory, "src/keep.txt"), "edited by the build\n");
        Directory.CreateDirectory(Path.Combine(first.Directory, "node_modules"));
        File.WriteAllText(Path.Combine(first.Directory, "node_modules/left.js"), "installed by the build\n");

        repo.Git("rm", "--quiet", "-r", "src/gone.txt", "docs", "config", "README.md");
        repo.WriteFile("docs", "now a file\n").WriteFile("config/app.json", "{}\n").WriteFile("src/new/deep/file.txt", "new\n").WriteFile("lib/module07.js", "changed\n");
        File.SetUnixFileMode(Path.Combine(repo.WorkPath, "tool.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(repo.WorkPath, "current"), "lib/module00.js");
        var secondSha = repo.CommitAndPush("second");
        var second = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b2"), CommitSha: secondSha, Credentials: credentials));

        Assert.True(second.FilesWritten < second.Files / 2, $"wrote {second.FilesWritten} of {second.Files} files");
        AssertSameFiles(repo.WorkPath, second.Directory);
        Assert.True(File.GetUnixFileMode(Path.Combine(second.Directory, "tool.sh")).HasFlag(UnixFileMode.UserExecute), "the executable bit follows the commit");
        Assert.Equal("lib/module00.js", new FileInfo(Path.Combine(second.Directory, "current")).LinkTarget);

        // Back to the older commit (a rollback or a rebuild), patched the other way.
        var back = await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("b3"), CommitSha: firstSha, Credentials: credentials));
        repo.Git("checkout", "--quiet", firstSha);
        Assert.True(back.FilesWritten < back.Files / 2, $"wrote {back.FilesWritten} of {back.Files} files");
        AssertSameFiles(repo.WorkPath, back.Directory);
        Assert.False(File.GetUnixFileMode(Path.Combine(back.Directory, "tool.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(second.Files, Directory.EnumerateFiles(second.Directory, "*", SearchOption.AllDirectories).Count());
    }

    /// <summary>The same paths, kinds and contents (the work tree's .git aside).</summary>
    private static void AssertSameFiles(string expectedDirectory, string actualDirectory)
    {
        static SortedDictionary<string, string> Describe(string root) => new(
            Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(root, p))
                .Where(p => p != ".git" && !p.StartsWith(".git/", StringComparison.Ordinal))
                .ToDictionary(p => p, p =>
                {
                    var full = Path.Combine(root, p);
                    var info = new FileInfo(full);
                    return info.LinkTarget is { } target ? "link " + target
                        : Directory.Exists(full) ? "directory"
                        : "file " + File.ReadAllText(full);
                }),
            StringComparer.Ordinal);

        Assert.Equal(Describe(expectedDirectory), Describe(actualDirectory));
    }

    [Fact]
    public async Task A_commit_in_the_shared_mirror_is_not_handed_to_credentials_the_server_has_not_accepted()
    {
        var repo = NewRepository();
        var sha = repo.CommitAndPush("private work");
        var url = server.UrlFor(repo.Name);
        await checkout.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("owner"), CommitSha: sha, Credentials: GitCredentials.Basic(User, Password)));

        // Another component naming the same URL and commit: without the right password it gets nothing from the mirror.
        var intruder = temp.NewDirectory("intruder");
        var anonymous = temp.NewDirectory("anonymous");
        var wrong = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(url, intruder, CommitSha: sha, Credentials: GitCredentials.Basic(User, "guessed-password"))));
        var none = await Assert.ThrowsAsync<GitCheckoutException>(() => checkout.CheckoutAsync(new CheckoutRequest(url, anonymous, CommitSha: sha)));

        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, wrong.Failure);
        Assert.Equal(GitCheckoutFailure.AuthenticationFailed, none.Failure);
        Assert.False(File.Exists(Path.Combine(intruder, "README.md")));
        Assert.False(File.Exists(Path.Combine(anonymous, "README.md")));
    }

    [Fact]
    public async Task Fetches_past_the_pack_limit_repack_the_mirror_and_checkouts_keep_working()
    {
        var limited = new GitCheckout(temp.Paths, NullLogger<GitCheckout>.Instance, LoopbackOutbound.Guard,
            Microsoft.Extensions.Options.Options.Create(new BlazorConsole.Pipeline.BuildsOptions { MirrorRepackAbovePacks = 2 }));
        var repo = NewRepository();
        repo.CommitAndPush("first");
        var url = server.UrlFor(repo.Name);
        var credentials = GitCredentials.Basic(User, Password);
        var first = await limited.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("r0"), Ref: "main", Credentials: credentials));
        var packs = Path.Combine(first.MirrorDirectory, "objects", "pack");

        var lines = new List<string>();
        for (var i = 1; i <= 2; i++)
        {
            repo.WriteFile("README.md", $"change {i}\n");
            repo.CommitAndPush($"change {i}");
            lines.Clear();
            await limited.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory($"r{i}"), Ref: "main", Credentials: credentials), lines.Add);
        }

        Assert.Contains(lines, l => l.StartsWith("Repacked the repository's mirror: 3 packs into 1", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(packs, "*.pack"));
        repo.WriteFile("README.md", "after the repack\n");
        var sha = repo.CommitAndPush("after the repack");
        var after = await limited.CheckoutAsync(new CheckoutRequest(url, temp.NewDirectory("r3"), Ref: "main", Credentials: credentials));
        Assert.Equal(sha, after.CommitSha);
        Assert.Equal("after the repack\n", File.ReadAllText(Path.Combine(after.Directory, "README.md")));
        await limited.WhenSnapshotsWrittenAsync();
    }

    [Fact]
    public async Task The_password_is_written_nowhere_in_the_mirror_even_when_typed_into_the_url()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");
        var urlWithPassword = server.UrlFor(repo.Name).Replace("http://", $"http://{User}:{Uri.EscapeDataString(Password)}@", StringComparison.Ordinal);
        var lines = new List<string>();

        var result = await checkout.CheckoutAsync(new CheckoutRequest(urlWithPassword, temp.NewDirectory("build"), Ref: "main"), lines.Add);

        await checkout.WhenSnapshotsWrittenAsync();
        Assert.Empty(PipelineTempRoot.FilesContaining(result.MirrorDirectory, Password));
        Assert.Empty(PipelineTempRoot.FilesContaining(result.MirrorDirectory, Uri.EscapeDataString(Password)));
        Assert.Contains(server.UrlFor(repo.Name), File.ReadAllText(Path.Combine(result.MirrorDirectory, "config")), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(Password, StringComparison.Ordinal) || l.Contains(User + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Canceling_a_first_clone_stops_it_and_leaves_no_mirror()
    {
        var repo = NewRepository();
        repo.CommitAndPush("first");
        repo.ImportHistory(200);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checkout.CheckoutAsync(
            new CheckoutRequest(server.UrlFor(repo.Name), temp.NewDirectory("build"), Ref: "main", Credentials: GitCredentials.Basic(User, Password)),
            line =>
            {
                if (line.StartsWith("Cloning", StringComparison.Ordinal))
                {
                    cancel.Cancel();
                }
            },
            cancel.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Paths.MirrorsDirectory));
    }
}
