using BlazorConsole.TestSupport;

namespace BlazorConsole.IntegrationTests.Builds;

/// <summary>One console with running workers and one authenticated smart-HTTP git server for the build tests of a class.</summary>
public sealed class BuildWorkerFixture : IAsyncLifetime
{
    public string ReposRoot { get; } = Directory.CreateTempSubdirectory("bc-builds-repos-").FullName;

    public BuildConsoleFactory Console { get; } = new();

    public GitSmartHttpServer Server { get; private set; } = null!;

    public BuildTestSupport Support { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await GitSmartHttpServer.StartAsync(ReposRoot, BuildTestSupport.GitUser, BuildTestSupport.GitPassword);
        await Console.InitializeAsync();
        Support = new BuildTestSupport(Console, Server, ReposRoot);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Console).DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(ReposRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
