using System.Net;
using BlazorConsole.Data;
using BlazorConsole.Domain.Auditing;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.IntegrationTests.Accounts;

/// <summary>Each test gets its own never-configured console: setup is a one-time event.</summary>
public sealed class SetupTests : IAsyncLifetime
{
    private readonly FreshConsoleFactory factory = new();

    public Task InitializeAsync() => ((IAsyncLifetime)factory).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)factory).DisposeAsync();

    [Fact]
    public async Task First_visitor_creates_the_platform_admin_and_nobody_can_do_it_twice()
    {
        var client = factory.CreateNoRedirectClient();

        // A fresh console has a default team but nobody to sign in: the sign-in page sends people to setup.
        var login = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/setup", login.RedirectTarget());

        // A second browser opens the setup form at the same time, but submits later.
        var intruder = factory.CreateNoRedirectClient();
        var intruderForm = await intruder.GetStringAsync("/setup");

        var first = await PostSetupAsync(client, "first@example.test", "first-password-1");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.RedirectTarget());
        Assert.True((await client.GetAsync("/")).StatusCode == HttpStatusCode.OK, "The new admin is signed in.");

        var second = await PostSetupAsync(intruder, "second@example.test", "second-password-1", intruderForm);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Setup is complete", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (emails, admins, audited) = await factory.WithDbAsync(async db =>
        {
            var roleId = await db.Roles.Where(r => r.Name == ConsoleRoles.PlatformAdmin).Select(r => r.Id).SingleAsync();
            return (
                await db.Users.Select(u => u.Email).ToListAsync(),
                await db.UserRoles.CountAsync(ur => ur.RoleId == roleId),
                await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SetupCompleted));
        });
        Assert.Equal(["first@example.test"], emails);
        Assert.Equal(1, admins);
        Assert.True(audited);
    }

    [Fact]
    public async Task Setup_rejects_mismatched_passwords_and_keeps_the_console_unset()
    {
        var client = factory.CreateNoRedirectClient();
        var html = await client.GetStringAsync("/setup");
        var response = await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = ConsoleFactory.AntiforgeryToken(html),
            ["Input.Email"] = "someone@example.test",
            ["Input.Password"] = "long-enough-1",
            ["Input.ConfirmPassword"] = "different-1",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passwords differ.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "someone@example.test")));
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string email, string password, string? formHtml = null)
    {
        var html = formHtml ?? await client.GetStringAsync("/setup");
        return await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = ConsoleFactory.AntiforgeryToken(html),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }));
    }
}
