using System.Net;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.Domain.Teams;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Accounts;

public class SignInTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Pages_send_anonymous_visitors_to_sign_in_and_back()
    {
        var client = factory.CreateNoRedirectClient();

        var page = await client.GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=%2Faccount%2Ftokens", page.Headers.Location.Query, StringComparison.Ordinal);

        var html = await client.GetStringAsync("/account/login?ReturnUrl=%2Faccount%2Ftokens");
        var signIn = await client.PostAsync("/account/login?ReturnUrl=%2Faccount%2Ftokens", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = ConsoleFactory.AntiforgeryToken(html),
            ["Input.Email"] = ConsoleFactory.AdminEmail,
            ["Input.Password"] = ConsoleFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/tokens", signIn.RedirectTarget());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/tokens")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_audited_and_does_not_reveal_whether_the_account_exists()
    {
        var wrongPassword = await ConsoleFactory.PostLoginFormAsync(factory.CreateNoRedirectClient(), ConsoleFactory.AdminEmail, "nope-nope-nope");
        var noAccount = await ConsoleFactory.PostLoginFormAsync(factory.CreateNoRedirectClient(), "ghost@example.test", "nope-nope-nope");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Contains("The e-mail or password is not right.", await wrongPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The e-mail or password is not right.", await noAccount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var failures = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SignInFailed).Select(e => e.ActorName).ToListAsync());
        Assert.Contains(ConsoleFactory.AdminEmail, failures);
        Assert.Contains("ghost@example.test", failures);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password_and_the_page_does_not_say_so()
    {
        var user = await factory.CreateUserAsync("lockme@example.test", TeamRole.Viewer);
        HttpResponseMessage? wrongPassword = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            wrongPassword = await ConsoleFactory.PostLoginFormAsync(factory.CreateNoRedirectClient(), user.Email, "wrong-password-" + attempt);
        }

        var rightPassword = await ConsoleFactory.PostLoginFormAsync(factory.CreateNoRedirectClient(), user.Email, user.Password);
        var noAccount = await ConsoleFactory.PostLoginFormAsync(factory.CreateNoRedirectClient(), "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.test", user.Password);

        // Locked, wrong password, no such account: one answer, so the page confirms neither the account nor the lock.
        var lockedMessage = LoginError(await rightPassword.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        Assert.Equal(wrongPassword!.StatusCode, rightPassword.StatusCode);
        Assert.Equal(noAccount.StatusCode, rightPassword.StatusCode);
        Assert.Equal(LoginError(await wrongPassword.Content.ReadAsStringAsync()), lockedMessage);
        Assert.Equal(LoginError(await noAccount.Content.ReadAsStringAsync()), lockedMessage);
        Assert.DoesNotContain("lock", lockedMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Null(rightPassword.Headers.Location);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SignInLockedOut && e.ActorName == user.Email)));
        // A locked account's API tokens stop working too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateApiClient(user.Token).GetAsync("/api/v1/me")).StatusCode);
    }

    private static string LoginError(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"login-error\">([^<]*)<");
        Assert.True(match.Success, "The sign-in page shows no error.");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task Successful_sign_in_and_sign_out_are_audited_and_sign_out_ends_the_session()
    {
        var user = await factory.CreateUserAsync("inout@example.test", TeamRole.Viewer);
        var client = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(client, user.Email, user.Password);
        var home = await client.GetStringAsync("/");

        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ConsoleFactory.AntiforgeryToken(home),
            ["returnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        var actions = await factory.WithDbAsync(db => db.AuditEntries.Where(e => e.ActorUserId == user.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.SignIn, actions);
        Assert.Contains(AuditActions.SignOut, actions);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        var client = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(client, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Unknown_pages_get_a_real_404_page()
    {
        var client = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(client, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword);

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("404", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
