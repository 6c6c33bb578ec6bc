using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorConsole.TestSupport;

/// <summary>
/// Serves the bare repositories under a directory over Git's smart HTTP protocol, the way a Git provider does:
/// a small Kestrel app on 127.0.0.1:0 runs git-http-backend (CGI) per request, behind Basic authentication that
/// answers 401 with <c>WWW-Authenticate</c> when the credentials are missing or wrong.
/// </summary>
public sealed class GitSmartHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string projectRoot;
    private readonly string? username;
    private readonly string? password;
    private int requests;
    private int challenges;

    private GitSmartHttpServer(WebApplication app, string projectRoot, string? username, string? password)
    {
        this.app = app;
        this.projectRoot = projectRoot;
        this.username = username;
        this.password = password;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests that reached git-http-backend (authenticated).</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Requests answered with 401.</summary>
    public int Challenges => Volatile.Read(ref challenges);

    public string UrlFor(string repositoryName) => new Uri(BaseUrl, repositoryName).ToString();

    /// <param name="username">With a password: every request needs Basic credentials; null = anonymous access.</param>
    public static async Task<GitSmartHttpServer> StartAsync(string projectRoot, string? username = null, string? password = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new GitSmartHttpServer(app, Path.GetFullPath(projectRoot), username, password);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var user = "anonymous";
        if (username is not null)
        {
            if (!Authorized(context.Request.Headers.Authorization.ToString(), out user))
            {
                Interlocked.Increment(ref challenges);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
                return;
            }
        }

        Interlocked.Increment(ref requests);
        await GitHttpBackend.ServeAsync(context, projectRoot, context.Request.Path.Value ?? "/", user);
    }

    private bool Authorized(string header, out string user)
    {
        user = "";
        if (!BasicAuthorization.TryParse(header, out var givenUser, out var givenPassword) || givenUser != username || givenPassword != password)
        {
            return false;
        }

        user = username!;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
