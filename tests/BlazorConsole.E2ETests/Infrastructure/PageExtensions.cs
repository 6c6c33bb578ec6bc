using Microsoft.Playwright;

namespace BlazorConsole.E2ETests.Infrastructure;

public static class PageExtensions
{
    /// <summary>Prerendered pages ignore clicks until the Blazor circuit is up; the layout marks that moment.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

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
