using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorConsole.IntegrationTests.Infrastructure;

/// <summary>The console on a real Kestrel port (127.0.0.1, port chosen by the OS), called over real sockets.</summary>
public class KestrelConsoleFactory : ConsoleFactory
{
    public Uri BaseAddress { get; private set; } = null!;

    protected override Uri ClientBaseAddress => BaseAddress;

    public override Task InitializeAsync()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        return Task.CompletedTask;
    }

    /// <summary>A browser-like socket client: keeps cookies, does not follow redirects (so tests see them).</summary>
    public override HttpClient CreateNoRedirectClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>A plain socket client, as a provider would use: no cookies, no redirects followed.</summary>
    public HttpClient CreateSocketClient(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}

public sealed record CreatedComponent(Guid Id, string WebhookSecret, string ApiTriggerKey, string WebhookUrl);
