using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// The one Docker Engine API client of the console (created on first use: a console without Docker never opens the
/// socket), and the answer to "does Docker answer here?" with a reason people can act on.
/// </summary>
public sealed class DockerEngine(IOptions<DockerOptions> options) : IDisposable
{
    private readonly Lazy<DockerClient> client = new(() => new DockerClientBuilder().WithEndpoint(options.Value.EndpointUri).Build());

    public DockerClient Client => client.Value;

    public string Endpoint => options.Value.Endpoint;

    /// <summary>Null when the engine answers its ping; else why not, naming the setting.</summary>
    public async Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await Client.System.PingAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"Docker does not answer at Docker:Endpoint {Endpoint} ({e.Message})";
        }
    }

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }
}
