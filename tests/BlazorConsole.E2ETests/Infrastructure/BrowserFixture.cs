using Microsoft.Playwright;

namespace BlazorConsole.E2ETests.Infrastructure;

/// <summary>One console process and one Debian Chromium for a test class.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public ConsoleProcess Console { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go; CI keeps the folder as the run's artifacts.</summary>
    public string ArtifactsDir { get; } = Environment.GetEnvironmentVariable("E2E_ARTIFACTS_DIR")
        ?? Path.Combine(ConsoleProcess.Metadata("RepoRoot"), "TestResults", "e2e");

    /// <summary>Build workers in the console process (tests that build a repository served from the test process).</summary>
    protected virtual bool RunBuildWorkers => false;

    /// <summary>Each successful build is deployed (the whole seed workflow).</summary>
    protected virtual bool DeployAfterBuild => false;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: scripts/test.sh installs Debian's chromium package.");
        Directory.CreateDirectory(ArtifactsDir);
        Console = await ConsoleProcess.StartAsync(RunBuildWorkers, DeployAfterBuild);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Console.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 850 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Console is not null)
        {
            await Console.DisposeAsync();
        }
    }
}
