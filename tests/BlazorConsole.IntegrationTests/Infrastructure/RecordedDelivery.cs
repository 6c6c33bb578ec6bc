using BlazorConsole.TestSupport;

namespace BlazorConsole.IntegrationTests.Infrastructure;

/// <summary>A recorded provider delivery (../shared/fixtures/provider-data/go-scm) ready to send: exact bytes and headers.</summary>
public sealed class RecordedDelivery
{
    private RecordedDelivery(string provider, string name, byte[] body, Dictionary<string, string> headers, string secret)
    {
        Provider = provider;
        Name = name;
        Body = body;
        Headers = headers;
        Secret = secret;
    }

    public string Provider { get; }

    public string Name { get; }

    public byte[] Body { get; set; }

    public Dictionary<string, string> Headers { get; }

    /// <summary>The secret the recording was signed with.</summary>
    public string Secret { get; }

    public static RecordedDelivery Load(string provider, string name)
    {
        var meta = ProviderFixtures.Json($"go-scm/{provider}/{name}.headers.json");
        var headers = meta.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        var body = ProviderFixtures.Bytes($"go-scm/{provider}/{meta.GetProperty("payload_file").GetString()}");
        return new RecordedDelivery(provider, name, body, headers, meta.GetProperty("signature").GetProperty("secret").GetString()!);
    }

    /// <summary>Gitee signs a timestamp: re-sign the recording for now so it is inside the window.</summary>
    public RecordedDelivery FreshGiteeTimestamp(DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Headers["X-Gitee-Timestamp"] = timestamp;
        Headers["X-Gitee-Token"] = BlazorConsole.Git.Webhooks.WebhookSignatures.GiteeSign(Secret, timestamp);
        return this;
    }

    /// <summary>Gives the delivery a new id, as a provider does for each new event.</summary>
    public RecordedDelivery WithNewDeliveryId()
    {
        var id = Guid.NewGuid().ToString();
        foreach (var header in new[] { "X-GitHub-Delivery", "X-Gitea-Delivery", "X-Gogs-Delivery", "X-Gitlab-Event-UUID", "Idempotency-Key" })
        {
            if (Headers.ContainsKey(header))
            {
                Headers[header] = id;
            }
        }

        if (Headers.ContainsKey("X-Gitee-Timestamp"))
        {
            FreshGiteeTimestamp(DateTimeOffset.UtcNow.AddMilliseconds(Random.Shared.Next(1, 1_000_000)));
        }

        return this;
    }

    public HttpRequestMessage ToRequest(Guid componentId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/console/webhooks/{componentId}") { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // Set by the client from the actual body.
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
