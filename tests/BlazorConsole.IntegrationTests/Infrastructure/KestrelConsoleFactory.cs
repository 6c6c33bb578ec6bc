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

    /// <summary>A request to a deployed app: the console's port, the component's Host header.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body)> GetAppAsync(HttpClient client, string host, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
        request.Headers.Host = host + ":" + BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asks the deployed app at <paramref name="host"/> until its body contains <paramref name="expected"/>.</summary>
    public async Task<string> WaitForAppContentAsync(HttpClient client, string host, string expected, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await GetAppAsync(client, host);
            last = $"{(int)status} {body}";
            if (body.Contains(expected, StringComparison.Ordinal))
            {
                return body;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{host} never served '{expected}' through {BaseAddress}; last answer: {last}");
    }
}

public sealed record CreatedComponent(Guid Id, string WebhookSecret, string ApiTriggerKey, string WebhookUrl);
