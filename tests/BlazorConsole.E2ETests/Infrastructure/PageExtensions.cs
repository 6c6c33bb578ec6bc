using Microsoft.Playwright;

namespace BlazorConsole.E2ETests.Infrastructure;

public static class PageExtensions
{
    /// <summary>Prerendered pages ignore clicks until the Blazor circuit is up; the layout marks that moment.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>
    /// Clicks a tab until it is the selected one. On a loaded machine a click can land while the page still renders its
    /// first interactive frame and is lost; the condition, not a delay, decides when to click again.
    /// </summary>
    public static async Task SelectTabAsync(this IPage page, System.Text.RegularExpressions.Regex name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var tab = page.GetByRole(AriaRole.Tab, new() { NameRegex = name });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await tab.ClickAsync();
            try
            {
                await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.WaitForCircuitAsync();
    }
}
