using BlazorConsole.Domain.Components;

namespace BlazorConsole.UnitTests.Domain.Components;

public class ContainerSettingsTests
{
    private static Component NewComponent() => new()
    {
        Name = "web",
        GitUrl = "https://example.test/web.git",
        WebhookSecretProtected = "x",
        ApiTriggerKeyHash = "y",
    };

    [Fact]
    public void Settings_are_trimmed_empty_means_the_default_and_the_runtime_name_is_lower_case()
    {
        var component = NewComponent();

        component.ChangeContainerSettings(" Docker ", @"deploy\web.Dockerfile", " final ");
        Assert.Equal(("docker", "deploy/web.Dockerfile", "final"), (component.Runtime, component.DockerfilePath, component.DockerTarget));

        component.ChangeContainerSettings("", "  ", null);
        Assert.Equal((null, null, null), (component.Runtime, component.DockerfilePath, component.DockerTarget));
    }

    [Theory]
    [InlineData("dock er", null, null, "runtime")]
    [InlineData("-docker", null, null, "runtime")]
    [InlineData(null, "/etc/Dockerfile", null, "dockerfilePath")]
    [InlineData(null, "../Dockerfile", null, "dockerfilePath")]
    [InlineData(null, "app/../../Dockerfile", null, "dockerfilePath")]
    [InlineData(null, "C:/Dockerfile", null, "dockerfilePath")]
    [InlineData(null, "app//Dockerfile", null, "dockerfilePath")]
    [InlineData(null, null, "build stage", "dockerTarget")]
    [InlineData(null, null, "$(id)", "dockerTarget")]
    public void A_value_that_is_not_a_plain_name_or_a_path_inside_the_repository_is_refused_and_nothing_changes(string? runtime, string? path, string? target, string named)
    {
        var component = NewComponent();
        component.ChangeContainerSettings("process", "Dockerfile", "app");

        var error = Assert.Throws<ArgumentException>(() => component.ChangeContainerSettings(runtime, path, target));

        Assert.Equal(named, error.ParamName);
        Assert.Equal(("process", "Dockerfile", "app"), (component.Runtime, component.DockerfilePath, component.DockerTarget));
    }
}
