using System.Net;
using System.Net.Http.Json;
using BlazorConsole.Data.Secrets;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using BlazorConsole.Data;
using BlazorConsole.Domain.Teams;
using BlazorConsole.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BlazorConsole.Application.Tokens;

namespace BlazorConsole.IntegrationTests.Infrastructure;

/// <summary>
/// The real console host over a fresh data directory (SQLite file, key ring) per factory.
/// Bootstraps an admin and API token from configuration, as a deployment would.
/// </summary>
public class ConsoleFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "correct-horse-42";
    public const string AdminToken = "bct_bootstrap-token-for-integration-tests-0001";

    /// <summary>Fresh per factory; a second factory given the same one restarts "the same console" (crash-recovery tests).</summary>
    public string DataDir { get; init; } = Path.Combine(Path.GetTempPath(), "bc-it-" + Guid.NewGuid().ToString("N"));

    protected virtual bool Bootstrap => true;

    /// <summary>The engine this console runs on: the test run's (see <see cref="TestDatabases"/>) unless a test needs one.</summary>
    public virtual DatabaseProvider Database => TestDatabases.Provider;

    public string PostgresDatabaseName => TestDatabases.DatabaseNameFor(DatabaseIdentity);

    /// <summary>Consoles with the same identity share a database (a restart is a new console over the same state).</summary>
    protected virtual string DatabaseIdentity => DataDir;

    /// <summary>False: disposing drops the PostgreSQL database; true when a later console (a restart) still needs it.</summary>
    protected virtual bool KeepsDatabase => false;

    /// <summary>
    /// Off by default: most tests record builds for repositories that do not exist (recorded deliveries name
    /// github.com), so builds stay Queued; the build tests switch the workers on.
    /// </summary>
    protected virtual bool RunBuildWorkers => false;

    /// <summary>Deploying after a build starts app processes: only the tests about the whole flow want it.</summary>
    protected virtual bool DeployAfterBuild => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Console:DataDir", DataDir);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Builds:RunWorkers", RunBuildWorkers ? "true" : "false");
        builder.UseSetting("Builds:DeployAfterBuild", DeployAfterBuild ? "true" : "false");
        builder.UseSetting("Outbound:AllowLoopback", "true"); // the fake provider and the git servers listen on 127.0.0.1
        if (Database == DatabaseProvider.Postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Console", TestDatabases.EnsurePostgresDatabase(PostgresDatabaseName));
        }
        if (Bootstrap)
        {
            builder.UseSetting("Console:Bootstrap:AdminEmail", AdminEmail);
            builder.UseSetting("Console:Bootstrap:AdminPassword", AdminPassword);
            builder.UseSetting("Console:Bootstrap:AdminApiToken", AdminToken);
        }
    }

    public virtual Task InitializeAsync()
    {
        // Starts the host: migrations and bootstrap run before the first request.
        _ = Server;
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the run; the OS temp cleaner gets it.
        }

        if (Database == DatabaseProvider.Postgres && !KeepsDatabase)
        {
            await TestDatabases.DropPostgresDatabaseAsync(PostgresDatabaseName);
        }
    }

    /// <summary>
    /// What the console's database holds at rest, as bytes an attacker with a copy would read: the SQLite file (and its
    /// write-ahead log) under the data directory, or a pg_dump of the PostgreSQL database.
    /// </summary>
    public async Task<IReadOnlyList<(string Name, byte[] Bytes)>> StoredDatabaseAsync()
    {
        if (Database == DatabaseProvider.Postgres)
        {
            return [("pg_dump " + PostgresDatabaseName, await TestDatabases.DumpPostgresDatabaseAsync(PostgresDatabaseName))];
        }

        return new[] { "console.db", "console.db-wal" }.Select(f => Path.Combine(DataDir, f)).Where(File.Exists)
            .Select(f => (f, ReadShared(f))).ToList();
    }

    private static byte[] ReadShared(string path)
    {
        // The console still has the database open.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public virtual HttpClient CreateNoRedirectClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientBaseAddress });

    /// <summary>Where clients send requests: the in-memory test server, or the real port when Kestrel is used.</summary>
    protected virtual Uri ClientBaseAddress => new("http://localhost");

    public HttpClient CreateApiClient(string? token)
    {
        var client = CreateNoRedirectClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates an account in the default team with the given role and returns an API token for it.</summary>
    public async Task<TestUser> CreateUserAsync(string email, TeamRole? defaultTeamRole, bool platformAdmin = false, string password = "user-password-123")
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountProvisioning>();
        var (user, error) = await accounts.CreateUserAsync(email, password, displayName: null, isPlatformAdmin: platformAdmin);
        Assert.True(user is not null, error);

        var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
        var membership = await db.TeamMembers.SingleAsync(m => m.UserId == user.Id);
        if (defaultTeamRole is { } role)
        {
            membership.Role = role;
        }
        else
        {
            db.TeamMembers.Remove(membership);
        }

        await db.SaveChangesAsync();
        var (result, token) = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, email, "tests", null);
        Assert.True(result.Succeeded, result.Error);
        return new TestUser(user.Id, email, password, token!.PlainToken);
    }

    /// <summary>Creates a component in the default team through the API and returns its id, webhook secret and API key.</summary>
    public async Task<CreatedComponent> CreateComponentAsync(object request)
    {
        using var client = CreateApiClient(AdminToken);
        var response = await client.PostAsJsonAsync("/api/v1/teams/default/components", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating the component answered {(int)response.StatusCode}: {body}");
        return new CreatedComponent(
            Guid.Parse(body.GetProperty("id").GetString()!),
            body.GetProperty("webhookSecret").GetString()!,
            body.GetProperty("apiTriggerKey").GetString()!,
            body.GetProperty("webhookUrl").GetString()!);
    }

    /// <summary>Gives a component the secret a recorded delivery was signed with, as its owner would paste it.</summary>
    public async Task SetWebhookSecretAsync(Guid componentId, string secret)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsoleDbContext>();
        var component = await db.Components.SingleAsync(c => c.Id == componentId);
        component.WebhookSecretProtected = scope.ServiceProvider.GetRequiredService<SecretProtector>().Protect(secret);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<BlazorConsole.Application.Components.WebhookComponentCache>().Invalidate(componentId);
    }

    public async Task<T> WithDbAsync<T>(Func<ConsoleDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ConsoleDbContext>());
    }


    /// <summary>Signs in through the real form (antiforgery token included); the client keeps the auth cookie.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        };
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(form));
    }

    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var response = await PostLoginFormAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in for {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "The page has no antiforgery token.");
        return match.Groups[1].Value;
    }
}

public sealed record TestUser(string Id, string Email, string Password, string Token);

/// <summary>A console that has never been set up: no bootstrap configuration, no accounts.</summary>
public sealed class FreshConsoleFactory : ConsoleFactory
{
    protected override bool Bootstrap => false;
}
