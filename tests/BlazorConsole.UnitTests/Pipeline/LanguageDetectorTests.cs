using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.UnitTests.Pipeline;

public sealed class LanguageDetectorTests : IDisposable
{
    private readonly DirectoryInfo source = Directory.CreateTempSubdirectory("bc-detect-");

    public void Dispose() => source.Delete(recursive: true);

    private DetectionResult DetectWith(params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(source.FullName, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }

        return LanguageDetector.Detect(source.FullName);
    }

    [Theory]
    [InlineData("Dockerfile", AppLanguage.Dockerfile)]
    [InlineData("pom.xml", AppLanguage.JavaMaven)]
    [InlineData("build.gradle.kts", AppLanguage.Gradle)]
    [InlineData("Shop.csproj", AppLanguage.DotNet)]
    [InlineData("go.mod", AppLanguage.Go)]
    [InlineData("requirements.txt", AppLanguage.Python)]
    [InlineData("pyproject.toml", AppLanguage.Python)]
    [InlineData("composer.json", AppLanguage.Php)]
    [InlineData("index.php", AppLanguage.Php)]
    [InlineData("package.json", AppLanguage.NodeJs)]
    [InlineData("app.war", AppLanguage.JavaWar)]
    [InlineData("app.jar", AppLanguage.JavaJar)]
    [InlineData("index.html", AppLanguage.Static)]
    public void Each_language_is_recognized_by_its_file_which_is_the_evidence(string file, AppLanguage expected)
    {
        var primary = DetectWith(file).Primary;

        Assert.NotNull(primary);
        Assert.Equal(expected, primary.Language);
        Assert.Equal(file, primary.Evidence);
    }

    [Fact]
    public void A_dockerfile_wins_over_everything_and_the_other_candidates_are_listed_in_precedence_order()
    {
        var result = DetectWith("index.html", "package.json", "requirements.txt", "Dockerfile", "app.jar");

        Assert.Equal([AppLanguage.Dockerfile, AppLanguage.Python, AppLanguage.NodeJs, AppLanguage.JavaJar, AppLanguage.Static],
            result.Matches.Select(m => m.Language));
    }

    [Fact]
    public void Python_and_php_apps_with_a_package_json_for_front_end_tooling_stay_python_and_php()
    {
        Assert.Equal(AppLanguage.Python, DetectWith("package.json", "requirements.txt").Primary!.Language);
        File.Delete(Path.Combine(source.FullName, "requirements.txt"));
        Assert.Equal(AppLanguage.Php, DetectWith("composer.json").Primary!.Language);
    }

    [Fact]
    public void A_build_manifest_wins_over_prebuilt_packages_and_a_static_page()
    {
        Assert.Equal(AppLanguage.JavaMaven, DetectWith("target.jar", "pom.xml", "index.html").Primary!.Language);
    }

    [Fact]
    public void Pattern_evidence_is_the_ordinal_first_file_and_solutions_come_before_projects()
    {
        var primary = DetectWith("b.csproj", "a.csproj", "Z.sln").Primary!;

        Assert.Equal(AppLanguage.DotNet, primary.Language);
        Assert.Equal("Z.sln", primary.Evidence);
    }

    [Fact]
    public void Only_the_root_counts_and_an_empty_tree_detects_nothing()
    {
        var result = DetectWith("docs/index.html", "web/package.json", "README.md");

        Assert.Empty(result.Matches);
        Assert.Null(result.Primary);
    }
}
