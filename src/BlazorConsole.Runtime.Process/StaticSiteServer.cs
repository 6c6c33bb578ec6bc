namespace BlazorConsole.Runtime.Process;

/// <summary>
/// Static sites have no start command: they run as BlazorConsole.StaticSiteHost (Kestrel and the static files
/// middleware: keep-alive, index.html, no directory listing), or Python's http.server when the console has no .NET host
/// to lend (a self-contained console). Either way the site is one more supervised process in its own sandbox, so swaps,
/// health checks and supervision are the same for every kind of app, and a symbolic link in the site's files resolves
/// inside that sandbox, where nothing of the console exists.
/// </summary>
internal static class StaticSiteServer
{
    public const string AssemblyName = "BlazorConsole.StaticSiteHost";

    private static readonly string[] FileSuffixes = [".dll", ".runtimeconfig.json", ".deps.json"];

    /// <summary>The shell command that serves the working directory, and what its sandbox must mount read-only for it.</summary>
    /// <param name="serverDirectory">Where the server's files are copied (the sandbox mounts this directory, not the console's own).</param>
    public static (string Command, IReadOnlyList<string> ReadOnlyPaths) Prepare(string serverDirectory)
    {
        if (DotNetRoot() is not { } root || !FileSuffixes.All(suffix => File.Exists(Path.Combine(AppContext.BaseDirectory, AssemblyName + suffix))))
        {
            return ("python3 -m http.server \"$PORT\" --bind 127.0.0.1", []);
        }

        Directory.CreateDirectory(serverDirectory);
        foreach (var suffix in FileSuffixes)
        {
            CopyIfChanged(Path.Combine(AppContext.BaseDirectory, AssemblyName + suffix), Path.Combine(serverDirectory, AssemblyName + suffix));
        }

        var command = $"{Quote(Path.Combine(root, "dotnet"))} {Quote(Path.Combine(serverDirectory, AssemblyName + ".dll"))}";
        // The sandbox shows /usr already; a runtime installed elsewhere (/opt/dotnet) is mounted read-only too.
        IReadOnlyList<string> mounts = root.StartsWith("/usr/", StringComparison.Ordinal) ? [serverDirectory] : [serverDirectory, root];
        return (command, mounts);
    }

    /// <summary>The .NET installation the console runs on (host and shared frameworks), or null for a self-contained console.</summary>
    private static string? DotNetRoot()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/
        var runtime = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtime.Parent?.Parent?.Parent?.FullName;
        return root is not null
            && File.Exists(Path.Combine(root, "dotnet"))
            && Directory.Exists(Path.Combine(root, "shared", "Microsoft.AspNetCore.App"))
            ? root.TrimEnd('/')
            : null;
    }

    // Releases starting side by side may copy at the same moment: each writes its own file and renames it into place.
    private static void CopyIfChanged(string source, string destination)
    {
        if (File.Exists(destination) && File.ReadAllBytes(destination).AsSpan().SequenceEqual(File.ReadAllBytes(source)))
        {
            return;
        }

        var staging = destination + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.Copy(source, staging);
        File.Move(staging, destination, overwrite: true);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
