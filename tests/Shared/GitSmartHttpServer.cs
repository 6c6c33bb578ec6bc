using System.Diagnostics;
using System.Net;
using System.Text;
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
    public const string HttpBackend = "/usr/lib/git-core/git-http-backend";

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
        var start = new ProcessStartInfo(HttpBackend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        var request = context.Request;
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REMOTE_USER"] = user;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        if (request.ContentType is { } contentType)
        {
            start.Environment["CONTENT_TYPE"] = contentType;
        }

        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var input = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });

        var output = process.StandardOutput.BaseStream;
        var (headers, bodyStart) = await ReadCgiHeadersAsync(output);
        var response = context.Response;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }

        await response.Body.WriteAsync(bodyStart);
        await output.CopyToAsync(response.Body);
        await input;
        await process.WaitForExitAsync();
        await stderr;
    }

    private bool Authorized(string header, out string user)
    {
        user = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0 || decoded[..separator] != username || decoded[(separator + 1)..] != password)
        {
            return false;
        }

        user = username!;
        return true;
    }

    private static async Task<(List<(string Name, string Value)> Headers, byte[] BodyStart)> ReadCgiHeadersAsync(Stream output)
    {
        var buffer = new List<byte>(512);
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 2 && buffer[n - 1] == '\n' && (buffer[n - 2] == '\n' || (n >= 4 && buffer[n - 2] == '\r' && buffer[n - 3] == '\n')))
            {
                break;
            }
        }

        var headers = new List<(string, string)>();
        foreach (var line in Encoding.ASCII.GetString([.. buffer]).Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add((trimmed[..colon].Trim(), trimmed[(colon + 1)..].Trim()));
            }
        }

        return (headers, []);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
