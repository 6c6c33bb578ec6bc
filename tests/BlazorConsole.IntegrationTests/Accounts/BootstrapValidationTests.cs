using BlazorConsole.IntegrationTests.Releases;
using System.Net;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;

namespace BlazorConsole.IntegrationTests.Accounts;

/// <summary>
/// Bootstrap settings are checked as a whole before any account is made, and the password and token can come from files
/// (Docker/Kubernetes secrets) instead of environment variables.
/// </summary>
public sealed class BootstrapValidationTests : IDisposable
{
    private const string GoodToken = "bct_bootstrap-token-from-a-file-0002";
    private readonly string secrets = Directory.CreateTempSubdirectory("bc-bootstrap-secrets-").FullName;
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "bc-it-bootstrap-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        RestartableConsoleFactory.DropDatabaseOfAsync(dataDir).GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        foreach (var directory in new[] { secrets, dataDir })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    [Fact]
    public async Task A_bad_token_stops_the_start_with_the_reason_and_creates_no_user_then_a_good_one_starts()
    {
        await using (var bad = new BootstrapFactory(dataDir, new() { ["Console:Bootstrap:AdminApiToken"] = "not-a-console-token" }))
        {
            var error = Assert.ThrowsAny<Exception>(() => bad.Server);
            Assert.Contains("Console:Bootstrap:AdminApiToken must start with 'bct_' and have 21 to 199 characters.", error.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountUsersAsync());

        await using var good = new BootstrapFactory(dataDir, new() { ["Console:Bootstrap:AdminApiToken"] = GoodToken });
        using var api = good.CreateApiClient(GoodToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/teams")).StatusCode);
        Assert.Equal(1, await CountUsersAsync());
    }

    [Fact]
    public async Task The_password_and_token_are_read_from_files_without_their_trailing_newline()
    {
        var passwordFile = Write("admin-password", "a-password-from-a-file-7\n");
        var tokenFile = Write("admin-token", GoodToken + "\r\n");
        await using var factory = new BootstrapFactory(dataDir, new()
        {
            ["Console:Bootstrap:AdminPassword"] = "",
            ["Console:Bootstrap:AdminPasswordFile"] = passwordFile,
            ["Console:Bootstrap:AdminApiToken"] = "",
            ["Console:Bootstrap:AdminApiTokenFile"] = tokenFile,
        });

        using var api = factory.CreateApiClient(GoodToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/teams")).StatusCode);
        using var browser = factory.CreateNoRedirectClient();
        await ConsoleFactory.SignInAsync(browser, ConsoleFactory.AdminEmail, "a-password-from-a-file-7");
    }

    [Theory]
    [InlineData("AdminPassword")]
    [InlineData("AdminApiToken")]
    public async Task A_value_and_its_file_together_stop_the_start(string key)
    {
        var file = Write(key, GoodToken);
        using var factory = new BootstrapFactory(dataDir, new() { [$"Console:Bootstrap:{key}File"] = file });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains($"Console:Bootstrap:{key} and Console:Bootstrap:{key}File are both set", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public void A_missing_file_stops_the_start_and_says_which()
    {
        var missing = Path.Combine(secrets, "no-such-secret");
        using var factory = new BootstrapFactory(dataDir, new() { ["Console:Bootstrap:AdminPassword"] = "", ["Console:Bootstrap:AdminPasswordFile"] = missing });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains($"Console:Bootstrap:AdminPasswordFile: {missing} cannot be read", error.ToString(), StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(secrets, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Users in the data directory's database; 0 when start-up stopped before the database was made.</summary>
    private async Task<int> CountUsersAsync()
    {
        if (TestDatabases.Provider == BlazorConsole.Data.DatabaseProvider.Postgres)
        {
            var count = await TestDatabases.QueryPostgresAsync(TestDatabases.DatabaseNameFor(dataDir), "SELECT COUNT(*) FROM \"AspNetUsers\"");
            return count is null ? 0 : Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture);
        }

        var database = Path.Combine(dataDir, "console.db");
        if (!File.Exists(database))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The console factory with bootstrap settings replaced (an empty value unsets one).</summary>
    private sealed class BootstrapFactory : ConsoleFactory
    {
        private readonly Dictionary<string, string?> settings;

        public BootstrapFactory(string dataDir, Dictionary<string, string?> settings)
        {
            DataDir = dataDir;
            this.settings = settings;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
