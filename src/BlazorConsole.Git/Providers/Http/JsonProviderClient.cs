using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace BlazorConsole.Git.Providers.Http;

/// <summary>
/// Shared plumbing of the REST clients (GitLab v4, Gitee v5, Gitea v1): JSON with snake_case names, the token on every
/// request, and provider failures turned into <see cref="GitProviderException"/>s a person can act on.
/// </summary>
internal abstract partial class JsonProviderClient(HttpClient http, Uri apiBase, string accessToken, string providerName)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    protected string ProviderName => providerName;

    protected string AccessToken => accessToken;

    /// <summary>Puts the token on the request (header or query, as the provider wants).</summary>
    protected abstract void Authorize(HttpRequestMessage request);

    protected async Task<(T Body, HttpResponseHeaders Headers)> SendAsync<T>(HttpMethod method, string relative, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, relative, body, cancellationToken);
        try
        {
            var result = await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken)
                ?? throw new GitProviderException(GitProviderErrorKind.Unavailable, $"{providerName} answered {relative} with an empty body.");
            return (result, response.Headers);
        }
        catch (JsonException e)
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, $"{providerName} answered {relative} with something that is not the expected JSON: {e.Message}", e);
        }
    }

    protected async Task<T> GetAsync<T>(string relative, CancellationToken cancellationToken) =>
        (await SendAsync<T>(HttpMethod.Get, relative, null, cancellationToken)).Body;

    protected async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string relative, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(apiBase, relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JsonOptions);
        }

        Authorize(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, $"{providerName} at {apiBase.GetLeftPart(UriPartial.Authority)} cannot be reached: {e.Message}", e);
        }
        catch (Exception e) when (IsTimeoutOrRejection(e, cancellationToken))
        {
            throw new GitProviderException(GitProviderErrorKind.Unavailable, $"{providerName} at {apiBase.GetLeftPart(UriPartial.Authority)} did not answer in time, or failed too often recently. Try again shortly.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw MapError(response, text);
        }
    }

    /// <summary>Turns a failed response into a sentence: 401 re-authenticate, missing scope named, rate limit with its reset time.</summary>
    internal GitProviderException MapError(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var headers = response.Headers;
        if (IsRateLimited(response))
        {
            return GitProviderException.RateLimit(providerName, RateLimitReset(headers), status);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return GitProviderException.Unauthorized(providerName, status);
        }

        var insufficientScope = body.Contains("insufficient_scope", StringComparison.OrdinalIgnoreCase)
            || headers.WwwAuthenticate.Any(h => h.Parameter?.Contains("insufficient_scope", StringComparison.OrdinalIgnoreCase) == true);
        if (insufficientScope || (response.StatusCode == HttpStatusCode.Forbidden && body.Contains("scope", StringComparison.OrdinalIgnoreCase)))
        {
            return GitProviderException.Scope(providerName, MissingScopeOf(headers, body), status);
        }

        var message = ErrorMessageOf(body);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new GitProviderException(GitProviderErrorKind.NotFound, $"{providerName} has no such resource, or the account cannot see it{Detail(message)}.") { StatusCode = status },
            HttpStatusCode.Forbidden => new GitProviderException(GitProviderErrorKind.InsufficientScope, $"{providerName} refused: the account lacks the permission this needs{Detail(message)}.") { StatusCode = status },
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity =>
                new GitProviderException(GitProviderErrorKind.Rejected, $"{providerName} refused the request{Detail(message)}.") { StatusCode = status },
            _ => new GitProviderException(GitProviderErrorKind.Unavailable, $"{providerName} answered {status}{Detail(message)}.") { StatusCode = status },
        };
    }

    /// <summary>A timeout (ours or the resilience pipeline's) or an open circuit breaker, not the caller giving up.</summary>
    internal static bool IsTimeoutOrRejection(Exception e, CancellationToken cancellationToken) =>
        (e is TaskCanceledException && !cancellationToken.IsCancellationRequested) || e is TimeoutException or Polly.ExecutionRejectedException;

    private static bool IsRateLimited(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden && HeaderValue(response.Headers, "X-RateLimit-Remaining", "RateLimit-Remaining") == "0");

    internal static DateTimeOffset? RateLimitReset(HttpResponseHeaders headers)
    {
        if (long.TryParse(HeaderValue(headers, "X-RateLimit-Reset", "RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) && epoch > 1_000_000_000)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }

        if (headers.RetryAfter?.Delta is { } delta)
        {
            return DateTimeOffset.UtcNow + delta;
        }

        return headers.RetryAfter?.Date;
    }

    private static string? MissingScopeOf(HttpResponseHeaders headers, string body)
    {
        foreach (var challenge in headers.WwwAuthenticate)
        {
            var match = ScopeParameter().Match(challenge.Parameter ?? "");
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String)
            {
                return scope.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: no scope to name.
        }

        return null;
    }

    private static string? ErrorMessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "message", "error_description", "error" })
                {
                    if (json.RootElement.TryGetProperty(name, out var value))
                    {
                        return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Fall through to a short excerpt of the raw body.
        }

        return body.Length > 200 ? body[..200] : body;
    }

    private static string Detail(string? message) => string.IsNullOrWhiteSpace(message) ? "" : $": {message.Trim()}";

    internal static string? HeaderValue(HttpResponseHeaders headers, params string[] names)
    {
        foreach (var name in names)
        {
            if (headers.TryGetValues(name, out var values))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    /// <summary>True when a <c>Link</c> header has <c>rel="next"</c> (GitHub, Gitea, GitLab all send one).</summary>
    internal static bool HasNextLink(HttpResponseHeaders headers) =>
        headers.TryGetValues("Link", out var links) && links.Any(l => l.Contains("rel=\"next\"", StringComparison.Ordinal));

    /// <summary>Splits <c>owner/name</c>; both parts required.</summary>
    protected static (string Owner, string Name) SplitFullName(string repository)
    {
        var parts = (repository ?? "").Trim().Trim('/').Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new GitProviderException(GitProviderErrorKind.Rejected, $"'{repository}' is not a repository name of the form owner/name.");
        }

        return (parts[0], parts[1]);
    }

    protected static string RepoPath(string repository)
    {
        var (owner, name) = SplitFullName(repository);
        return $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
    }

    [GeneratedRegex("scope=\"([^\"]+)\"")]
    private static partial Regex ScopeParameter();
}
