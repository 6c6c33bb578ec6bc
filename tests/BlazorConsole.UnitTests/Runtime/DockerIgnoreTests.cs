using BlazorConsole.Runtime.Docker;

namespace BlazorConsole.UnitTests.Runtime;

/// <summary>.dockerignore as Docker reads it (moby/patternmatcher), case by case.</summary>
public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("secret.txt", "secret.txt", true)]
    [InlineData("secret.txt", "sub/secret.txt", false)] // relative to the root, not anywhere
    [InlineData("/secret.txt", "secret.txt", true)] // a leading slash means nothing more
    [InlineData("./secret.txt", "secret.txt", true)]
    [InlineData("*.log", "a.log", true)]
    [InlineData("*.log", "logs/a.log", false)] // '*' stays in one segment
    [InlineData("*/*.log", "logs/a.log", true)]
    [InlineData("**/*.log", "a.log", true)] // '**' spans zero directories too
    [InlineData("**/*.log", "x/y/z/a.log", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**", "a/x/y", true)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file10.txt", false)]
    [InlineData("file?", "file/", false)]
    [InlineData("node_modules", "node_modules/left-pad/index.js", true)] // a directory excludes what is in it
    [InlineData("node_modules/", "node_modules/x", true)]
    [InlineData("build", "buildings/x", false)]
    [InlineData("[ab].txt", "a.txt", true)]
    [InlineData("[ab].txt", "c.txt", false)]
    [InlineData("a.txt", "aXtxt", false)] // '.' is literal
    [InlineData(@"\*.txt", "*.txt", true)]
    [InlineData(@"\*.txt", "x.txt", false)]
    [InlineData("# secret.txt", "# secret.txt", false)] // a comment
    public void One_pattern(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, new DockerIgnore(pattern).IsExcluded(path));

    [Fact]
    public void An_exception_brings_a_file_back_and_the_last_matching_line_wins()
    {
        var ignore = new DockerIgnore("""
            # logs, except the one we ship
            *.md
            !README.md
            README-secret.md
            logs
            !logs/keep.txt
            """);

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.True(ignore.IsExcluded("README-secret.md"));
        Assert.True(ignore.IsExcluded("logs/today.txt"));
        Assert.False(ignore.IsExcluded("logs/keep.txt"));
        Assert.True(ignore.HasExceptions);
        Assert.False(ignore.IsExcluded("src/app.js"));
    }

    [Fact]
    public void A_later_exclusion_overrides_an_earlier_exception()
    {
        var ignore = new DockerIgnore("!keep.txt\n*.txt\n");

        Assert.True(ignore.IsExcluded("keep.txt"));
    }

    [Fact]
    public void Blank_lines_surrounding_spaces_and_windows_line_endings_are_ignored()
    {
        var ignore = new DockerIgnore("  secret.txt  \r\n\r\n   \r\n!  secret.txt\r\n");

        Assert.False(ignore.IsExcluded("secret.txt"));
        Assert.False(new DockerIgnore(null).IsExcluded("anything"));
    }
}
