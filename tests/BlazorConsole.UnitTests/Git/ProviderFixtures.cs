using System.Net;
using System.Text;
using System.Text.Json;

namespace BlazorConsole.UnitTests.Git;

/// <summary>
/// The recorded provider responses in <c>../shared/fixtures/provider-data</c>, found beside the repository root (the
/// folder holding BlazorConsole.sln), read at run time byte for byte.
/// </summary>
public static class ProviderFixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Dir => Root.Value;

    public static string PathOf(string relative) => Path.Combine(Dir, relative.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonElement Golden(string relative) => JsonDocument.Parse(Text(relative)).RootElement.Clone();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorConsole.sln")))
            {
                var fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "provider-data"));
                Assert.True(Directory.Exists(fixtures), $"The shared provider fixtures are missing: expected {fixtures} beside the repository.");
                return fixtures;
            }
        }

        throw new InvalidOperationException($"No BlazorConsole.sln above {AppContext.BaseDirectory}.");
    }
}

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
