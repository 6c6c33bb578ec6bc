using System.Runtime.Versioning;
using BlazorConsole.Pipeline.Buildpacks;
using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.UnitTests.Pipeline;

[UnsupportedOSPlatform("windows")]
public sealed class BuildpackCatalogTests : IDisposable
{
    private readonly DirectoryInfo bin = Directory.CreateTempSubdirectory("bc-bin-");
    private readonly BuildpackCatalog catalog = new([new NodeBuildpack(), new PythonBuildpack(), new DotNetBuildpack(), new MavenBuildpack(), new StaticBuildpack()]);

    public void Dispose() => bin.Delete(recursive: true);

    /// <summary>A PATH with only the named tools on it (empty scripts).</summary>
    private string PathWith(params string[] tools)
    {
        foreach (var tool in tools)
        {
            var file = Path.Combine(bin.FullName, tool);
            File.WriteAllText(file, "#!/bin/sh\n");
            File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        }

        return bin.FullName;
    }

    private static DetectionResult Detected(params (AppLanguage, string)[] matches) =>
        new(matches.Select(m => new LanguageMatch(m.Item1, m.Item2)).ToList());

    [Fact]
    public void A_language_without_a_toolchain_names_what_is_missing()
    {
        var error = Assert.Throws<BuildFailedException>(() => catalog.Select(Detected((AppLanguage.Go, "go.mod")), path: PathWith()));

        Assert.Equal("Go (go.mod) was detected but no Go toolchain is installed on this machine.", error.Message);
    }

    [Fact]
    public void A_language_whose_toolchain_exists_but_has_no_buildpack_says_so_and_suggests_a_buildable_alternative()
    {
        var error = Assert.Throws<BuildFailedException>(() => catalog.Select(
            Detected((AppLanguage.Go, "go.mod"), (AppLanguage.NodeJs, "package.json")), path: PathWith("go")));

        Assert.Equal("Go (go.mod) was detected but this console has no Go buildpack yet; this repository also looks like "
            + "Node.js (package.json): choose that language in the component's build settings.", error.Message);
    }

    [Fact]
    public void A_buildpack_whose_tools_are_missing_lists_them()
    {
        var error = Assert.Throws<BuildFailedException>(() => catalog.Select(Detected((AppLanguage.NodeJs, "package.json")), path: PathWith("node")));

        Assert.Equal("Node.js (package.json) was detected but no Node.js toolchain is installed on this machine (npm not found on PATH).", error.Message);
    }

    [Fact]
    public void The_detected_language_is_built_unless_the_component_chose_another()
    {
        var detection = Detected((AppLanguage.Dockerfile, "Dockerfile"), (AppLanguage.NodeJs, "package.json"));
        var path = PathWith("node", "npm");

        Assert.Throws<BuildFailedException>(() => catalog.Select(detection, path: path));
        var (buildpack, match) = catalog.Select(detection, AppLanguage.NodeJs, path);
        Assert.IsType<NodeBuildpack>(buildpack);
        Assert.Equal("package.json", match.Evidence);
    }

    [Fact]
    public void Nothing_detected_explains_which_files_are_looked_for()
    {
        var error = Assert.Throws<BuildFailedException>(() => catalog.Select(Detected(), path: PathWith()));

        Assert.StartsWith("No language was detected", error.Message, StringComparison.Ordinal);
        Assert.Contains("package.json", error.Message, StringComparison.Ordinal);
    }
}
