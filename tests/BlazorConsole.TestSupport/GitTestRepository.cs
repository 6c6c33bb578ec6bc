using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BlazorConsole.TestSupport;

/// <summary>
/// A real repository made with the git CLI: a working copy that commits and pushes to a bare repository
/// (<c>&lt;root&gt;/&lt;name&gt;.git</c>), which <see cref="GitSmartHttpServer"/> serves.
/// </summary>
public sealed class GitTestRepository
{
    private static readonly string[] IdentityArguments = ["-c", "user.name=Test Author", "-c", "user.email=author@example.com", "-c", "commit.gpgsign=false"];

    private GitTestRepository(string root, string name)
    {
        Root = root;
        Name = name + ".git";
        BarePath = Path.Combine(root, Name);
        WorkPath = Path.Combine(root, "work-" + name);
    }

    public string Root { get; }

    /// <summary>The repository's path under the served root, e.g. <c>app.git</c>.</summary>
    public string Name { get; }

    public string BarePath { get; }

    public string WorkPath { get; }

    public static GitTestRepository Create(string root, string name)
    {
        var repo = new GitTestRepository(Path.GetFullPath(root), name);
        Directory.CreateDirectory(repo.WorkPath);
        Run(root, "init", "--quiet", "--bare", "--initial-branch=main", repo.BarePath);
        repo.Git("init", "--quiet", "--initial-branch=main");
        repo.Git("remote", "add", "origin", repo.BarePath);
        return repo;
    }

    public GitTestRepository WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(WorkPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Commits everything in the working copy, pushes it to the bare repository, returns the commit sha.</summary>
    public string CommitAndPush(string message, string branch = "main")
    {
        Git("add", "-A");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        Git("push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>Adds <paramref name="commits"/> commits straight into the bare repository with git fast-import (fast).</summary>
    public string ImportHistory(int commits, int files = 200, string branch = "main")
    {
        var stream = new StringBuilder();
        var parent = Run(WorkPath, ["rev-parse", "--verify", "--quiet", "HEAD"], null, allowFailure: true).Trim();
        var when = 1_700_000_000L;
        for (var i = 1; i <= commits; i++)
        {
            var message = $"commit {i}";
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/{branch}\nmark :{i}\n");
            stream.Append(CultureInfo.InvariantCulture, $"committer Bench <bench@example.com> {when + i} +0000\n");
            stream.Append(CultureInfo.InvariantCulture, $"data {Encoding.UTF8.GetByteCount(message)}\n{message}\n");
            if (i == 1 && parent.Length == 40)
            {
                stream.Append(CultureInfo.InvariantCulture, $"from {parent}\n");
            }

            // Every commit rewrites a few files with unique content: a realistic, growing history.
            for (var f = 0; f < 3; f++)
            {
                var content = $"file {(i * 3 + f) % files}\nrevision {i}\n" + new string((char)('a' + (i + f) % 26), 200 + i % 300) + "\n";
                stream.Append(CultureInfo.InvariantCulture, $"M 644 inline src/file{(i * 3 + f) % files:D4}.txt\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n");
            }
        }

        Run(BarePath, ["fast-import", "--quiet"], stream.ToString());
        Git("fetch", "--quiet", "origin", $"+refs/heads/{branch}:refs/remotes/origin/{branch}");
        Git("reset", "--quiet", "--hard", "origin/" + branch);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] args) => Run(WorkPath, args);

    /// <summary>The commit a branch of the bare repository points at, or null when it does not exist (yet).</summary>
    public string? BranchSha(string branch) =>
        Run(BarePath, ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], null, allowFailure: true).Trim() is { Length: 40 } sha ? sha : null;

    private static string Run(string directory, params string[] args) => Run(directory, args, null);

    private static string Run(string directory, string[] args, string? input, bool allowFailure = false)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var arg in IdentityArguments.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout;
    }
}
