using System.Net;
using System.Text;
using BlazorConsole.TestSupport;

namespace BlazorConsole.UnitTests.Git;

/// <summary>Answers provider requests with recorded bodies by method and path, and remembers every request it saw.</summary>
public sealed class FixtureHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> routes = new(StringComparer.Ordinal);

    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public FixtureHandler On(HttpMethod method, string path, string fixture, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) =>
        On(method, path, _ => Respond(status, ProviderFixtures.Bytes(fixture), headers));

    public FixtureHandler OnText(HttpMethod method, string path, string body, HttpStatusCode status, params (string Name, string Value)[] headers) =>
        On(method, path, _ => Respond(status, Encoding.UTF8.GetBytes(body), headers));

    public FixtureHandler On(HttpMethod method, string path, Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        routes[$"{method} {path}"] = respond;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return routes.TryGetValue($"{request.Method} {request.RequestUri!.AbsolutePath}", out var respond)
            ? respond(request)
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"message":"Not Found"}""", Encoding.UTF8, "application/json") };
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, byte[] body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
