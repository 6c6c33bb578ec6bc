using BlazorConsole.Pipeline.Buildpacks;

namespace BlazorConsole.UnitTests.Pipeline;

/// <summary>What a Dockerfile build derives before it reaches the engine: declared ARGs, build arguments, image names.</summary>
public sealed class DockerfileBuildTests
{
    [Fact]
    public void Arg_names_are_read_from_every_stage_with_or_without_defaults_and_case_sensitively()
    {
        var declared = DockerfileArguments.Declared("""
            # syntax=docker/dockerfile:1
            ARG BASE_TAG=3.19
            FROM scratch AS build
            arg lower_instruction
            ARG GREETING
            ARG Quoted="a b c" SECOND=2
            ARG CONTINUED=\
                value
            # ARG COMMENTED
            RUN echo ARG NOT_AN_ARG
            FROM scratch
            ARG  RUNTIME_ONLY
            ENV API_TOKEN=x
            """);

        Assert.Equal(
            new[] { "BASE_TAG", "CONTINUED", "GREETING", "Quoted", "RUNTIME_ONLY", "SECOND", "lower_instruction" },
            declared.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("greeting", declared);
    }

    [Fact]
    public void Only_declared_arguments_with_a_non_secret_value_are_passed()
    {
        var declared = DockerfileArguments.Declared("FROM scratch\nARG GREETING\nARG API_TOKEN\nARG Missing\n");
        var variables = new Dictionary<string, string> { ["GREETING"] = "hello", ["API_TOKEN"] = "tok_live_123", ["UNDECLARED"] = "x", ["greeting"] = "no" };

        var arguments = DockerfileBuildpack.BuildArguments(declared, variables, ["tok_live_123"]);

        Assert.Equal(new Dictionary<string, string> { ["GREETING"] = "hello" }, arguments);
    }

    [Theory]
    [InlineData(new[] { "Team A", "My_Component" }, "blazorconsole/team-a/my-component")]
    [InlineData(new[] { "default", "shop.web" }, "blazorconsole/default/shop-web")]
    [InlineData(new[] { "--x--", "ÄÖ" }, "blazorconsole/x/x")]
    [InlineData(new[] { "UPPER", "a__b..c" }, "blazorconsole/upper/a-b-c")]
    public void Repositories_fit_dockers_reference_grammar(string[] parts, string expected) =>
        Assert.Equal(expected, ImageReference.Repository(parts));

    [Theory]
    [InlineData("blazorconsole/team/app", "7", "blazorconsole/team/app:7")]
    [InlineData("blazorconsole/Team/App", "-v1.0+meta", "blazorconsole/team/app:v1.0_meta")]
    [InlineData("blazorconsole/team/app", "", "blazorconsole/team/app:latest")]
    public void Tags_fit_dockers_reference_grammar(string repository, string tag, string expected) =>
        Assert.Equal(expected, ImageReference.Tagged(repository, tag));

    [Fact]
    public void A_tag_is_at_most_128_characters() =>
        Assert.Equal(128, ImageReference.Tag(new string('a', 300)).Length);
}
