using BlazorConsole.Pipeline.Buildpacks;

namespace BlazorConsole.UnitTests.Pipeline;

/// <summary>
/// Which images a Dockerfile may use: public ones and the component's own, never another component's (they share one
/// engine). Each refused case is a way a hostile Dockerfile could name <c>blazorconsole/other/app</c>.
/// </summary>
public sealed class DockerfileImagesTests
{
    private const string Own = "blazorconsole/team-a/shop";
    private static readonly Dictionary<string, string> NoArguments = [];

    [Theory]
    [InlineData("FROM scratch\nCOPY app /app")]
    [InlineData("FROM debian:12-slim AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /app\nCOPY --from=0 /out /b")]
    [InlineData("FROM blazorconsole/team-a/shop:6\nCOPY --from=blazorconsole/team-a/shop:5 /app /old")]
    [InlineData("ARG BASE=debian\nFROM ${BASE}:12\nFROM --platform=$BUILDPLATFORM alpine")]
    [InlineData("FROM ${MISSING:-alpine}\nARG TAG\nFROM alpine:${TAG:+x}")]
    [InlineData("FROM ghcr.io/blazorconsole/other/app:1")]
    [InlineData("FROM alpine\nONBUILD COPY --from=builder /a /b")]
    public void Public_images_stages_and_the_components_own_images_are_allowed(string dockerfile) =>
        Assert.Null(DockerfileImages.RefusalReason(dockerfile, NoArguments, Own));

    [Theory]
    [InlineData("FROM blazorconsole/team-b/api:3", "FROM")]
    [InlineData("from   BlazorConsole/team-b/api", "FROM")]
    [InlineData("FROM docker.io/blazorconsole/team-b/api:3 AS base", "FROM")]
    [InlineData("FROM index.docker.io/blazorconsole/team-b/api@sha256:0123", "FROM")]
    [InlineData("FROM \\\n  blazorconsole/team-b/api:3", "FROM")]
    [InlineData("# escape=`\nFROM `\n  blazorconsole/team-b/api:3", "FROM")]
    [InlineData("FROM \"blazorconsole/team-b/api:3\"", "FROM")]
    [InlineData("FROM blazorconsole/team-a/shop-admin:1", "FROM")]
    [InlineData("FROM blazorconsole/team-a:1", "FROM")]
    [InlineData("ARG BASE=blazorconsole/team-b/api:3\nFROM $BASE", "FROM")]
    [InlineData("ARG OWNER=team-b\nFROM blazorconsole/${OWNER}/api:3", "FROM")]
    [InlineData("FROM ${NOTHING:-blazorconsole/team-b/api:3}", "FROM")]
    [InlineData("FROM scratch\nCOPY --from=blazorconsole/team-b/api:3 /app /stolen", "COPY --from")]
    [InlineData("FROM scratch\nCOPY --chown=1:1 --from=blazorconsole/team-b/api:3 /app /stolen", "COPY --from")]
    [InlineData("FROM scratch\nENV SOURCE=blazorconsole/team-b/api:3\nCOPY --from=${SOURCE} /app /stolen", "COPY --from")]
    [InlineData("FROM alpine\nRUN --mount=type=bind,from=blazorconsole/team-b/api:3,target=/x cat /x/secret", "RUN --mount")]
    [InlineData("FROM alpine\nONBUILD COPY --from=blazorconsole/team-b/api:3 / /stolen", "ONBUILD COPY --from")]
    public void Another_components_image_is_refused_however_it_is_written(string dockerfile, string instruction)
    {
        var reason = DockerfileImages.RefusalReason(dockerfile, NoArguments, Own);

        Assert.NotNull(reason);
        Assert.Contains($"The Dockerfile's {instruction} uses ", reason, StringComparison.Ordinal);
        Assert.Contains("an image another component built", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_argument_that_names_another_components_image_is_refused()
    {
        const string dockerfile = "ARG BASE=alpine\nFROM $BASE";
        Assert.Null(DockerfileImages.RefusalReason(dockerfile, NoArguments, Own));

        var reason = DockerfileImages.RefusalReason(dockerfile, new Dictionary<string, string> { ["BASE"] = "blazorconsole/team-b/api:3" }, Own);

        Assert.Contains("uses blazorconsole/team-b/api:3, an image another component built", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROM alpine\nCOPY --from=$FROM_BASE_IMAGE_ENV /a /b")]
    [InlineData("ARG X=alpine\nFROM ${X%%pine}")]
    [InlineData("FROM alpine\nENV SRC image with spaces\nCOPY --from=$SRC /a /b")]
    [InlineData("ARG X=alpine\nFROM alpine\nONBUILD COPY --from=$X /a /b")]
    public void A_reference_the_console_cannot_resolve_before_the_build_is_refused(string dockerfile) =>
        Assert.Contains("through a variable no ARG declares", DockerfileImages.RefusalReason(dockerfile, NoArguments, Own), StringComparison.Ordinal);

    [Theory]
    [InlineData("FROM sha256:4f9c2a1b0e")]
    [InlineData("FROM 4f9c2a1b0e3d")]
    [InlineData("FROM scratch\nCOPY --from=4f9c2a1b0e3d / /x")]
    public void An_image_named_by_its_id_is_refused(string dockerfile) =>
        Assert.Contains("by its id", DockerfileImages.RefusalReason(dockerfile, NoArguments, Own), StringComparison.Ordinal);

    [Theory]
    [InlineData("blazorconsole/team/app:7", "blazorconsole/team/app")]
    [InlineData("docker.io/library/alpine:3.19", "alpine")]
    [InlineData("localhost:5000/team/app", "localhost:5000/team/app")]
    [InlineData("Index.Docker.IO/BlazorConsole/x@sha256:00", "blazorconsole/x")]
    public void Repositories_are_normalized_as_the_engine_does(string reference, string expected) =>
        Assert.Equal(expected, DockerfileImages.Repository(reference));
}
