using System.Net.Http.Json;
using BlazorConsole.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BlazorConsole.Benchmarks.Infrastructure;

/// <summary>
/// The console composed exactly as Program.cs does, on a real Kestrel port on 127.0.0.1, plus a bare endpoint
/// (<c>/bench/bare</c>, 200 and nothing else) on the same host for side-by-side ratios.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string AdminEmail = "bench@example.test";
    public const string AdminToken = "bct_benchmark-admin-token-00000000000000";

    private readonly WebApplication app;

    private readonly string? postgresDatabase;

    private BenchHost(WebApplication app, string dataDir, Uri baseAddress, string? postgresDatabase)
    {
        this.app = app;
        DataDir = dataDir;
        BaseAddress = baseAddress;
        this.postgresDatabase = postgresDatabase;
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="sharedDatabase">The settings of a database other hosts use too (replicas); it is not dropped with this host.</param>
    public static async Task<BenchHost> StartAsync(IDictionary<string, string?>? settings = null, IDictionary<string, string?>? sharedDatabase = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "bc-bench-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Console:DataDir"] = dataDir,
            ["Console:Bootstrap:AdminEmail"] = AdminEmail,
            ["Console:Bootstrap:AdminPassword"] = "benchmark-password-1",
            ["Console:Bootstrap:AdminApiToken"] = AdminToken,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outbound:AllowLoopback"] = "true", // the bench's git servers listen on 127.0.0.1
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        var (databaseSettings, postgresDatabase) = sharedDatabase is null ? await BenchDatabase.ForNewHostAsync() : (new Dictionary<string, string?>(sharedDatabase), null);
        builder.Configuration.AddInMemoryCollection(databaseSettings);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddConsoleHosting();
        builder.AddConsoleFeatures();
        var app = builder.Build();
        app.UseConsolePipeline();
        app.MapConsoleEndpoints();
        app.MapPost("/bench/bare", () => Results.Ok()).AllowAnonymous();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, dataDir, new Uri(address), postgresDatabase);
    }

    /// <summary>Creates a component in the default team through the API, as a user would: (id, webhook secret).</summary>
    public async Task<(Guid Id, string WebhookSecret)> CreateComponentAsync(string name, string gitUrl, string branch, CancellationToken cancellationToken = default)
    {
        using var api = CreateClient(AdminToken);
        var response = await api.PostAsJsonAsync("/api/v1/teams/default/components",
            new { name, application = "bench", gitUrl, branch, triggerKeyword = "" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(cancellationToken);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("webhookSecret").GetString()!);
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (postgresDatabase is not null)
        {
            await BenchDatabase.DropAsync(postgresDatabase);
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
