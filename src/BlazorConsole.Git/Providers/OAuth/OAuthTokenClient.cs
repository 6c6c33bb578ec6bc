using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BlazorConsole.Domain.GitProviders;

namespace BlazorConsole.Git.Providers.OAuth;

/// <summary>The tokens a provider's token endpoint issued.</summary>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, int? ExpiresInSeconds, string? Scope, string? TokenType);

public sealed record OAuthClientCredentials(string ClientId, string ClientSecret);

/// <summary>The token endpoint refused (bad code, revoked refresh token, wrong client secret) or answered nonsense.</summary>
public sealed class OAuthTokenException : Exception
{
    public OAuthTokenException()
    {
    }

    public OAuthTokenException(string message)
        : base(message)
    {
    }

    public OAuthTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Error { get; init; }

    /// <summary>
    /// True when the token endpoint could not be reached or failed (5xx, timeout): nothing was refused, so a stored
    /// binding stays as it is. False when the provider answered with a refusal (invalid_grant, bad client credentials).
    /// </summary>
    public bool Transient { get; init; }
}

/// <summary>
/// The authorization-code grant with PKCE, and refresh, against GitHub, GitLab, Gitee and Gitea token endpoints.
/// Plain HTTP: the answers differ (GitHub form-encoded without an Accept header, numbers as strings in some), so parsing is lenient.
/// </summary>
public sealed class OAuthTokenClient(HttpClient http)
{
    public static Uri BuildAuthorizeUrl(Uri authorizeUrl, IOAuthGitProvider provider, string clientId, string redirectUri, string state, string? codeChallenge)
    {
        ArgumentNullException.ThrowIfNull(authorizeUrl);
        ArgumentNullException.ThrowIfNull(provider);
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId),
            new("redirect_uri", redirectUri),
            new("response_type", "code"),
            new("scope", provider.Scopes),
            new("state", state),
        };
        if (codeChallenge is not null)
        {
            query.Add(new("code_challenge", codeChallenge));
            query.Add(new("code_challenge_method", Pkce.Method));
        }

        var separator = string.IsNullOrEmpty(authorizeUrl.Query) ? "?" : "&";
        return new Uri(authorizeUrl + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    public Task<OAuthTokens> ExchangeCodeAsync(Uri tokenUrl, OAuthClientCredentials client, string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
        };
        if (codeVerifier is not null)
        {
            form["code_verifier"] = codeVerifier;
        }

        return PostAsync(tokenUrl, form, cancellationToken);
    }

    /// <summary>GitLab wants the redirect URI again on refresh; the others ignore it.</summary>
    public Task<OAuthTokens> RefreshAsync(Uri tokenUrl, OAuthClientCredentials client, string refreshToken, string? redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
        };
        if (redirectUri is not null)
        {
            form["redirect_uri"] = redirectUri;
        }

        return PostAsync(tokenUrl, form, cancellationToken);
    }

    private async Task<OAuthTokens> PostAsync(Uri tokenUrl, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new OAuthTokenException($"The token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)} cannot be reached: {e.Message}", e) { Transient = true };
        }
        catch (Exception e) when (Http.JsonProviderClient.IsTimeoutOrRejection(e, cancellationToken))
        {
            throw new OAuthTokenException($"The token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)} did not answer in time.", e) { Transient = true };
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Parse(response.Content.Headers.ContentType?.MediaType, body, (int)response.StatusCode);
        }
    }

    /// <summary>Reads a token response: JSON, or form-encoded (GitHub without <c>Accept: application/json</c>); errors become <see cref="OAuthTokenException"/>.</summary>
    public static OAuthTokens Parse(string? mediaType, string body, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(body);
        var values = body.TrimStart().StartsWith('{') || mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            ? ReadJson(body)
            : ReadForm(body);

        values.TryGetValue("error", out var error);
        values.TryGetValue("access_token", out var accessToken);
        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(accessToken) || statusCode >= 400)
        {
            values.TryGetValue("error_description", out var description);
            throw new OAuthTokenException(
                $"The provider refused to issue a token ({(string.IsNullOrEmpty(error) ? $"HTTP {statusCode}" : error)}){(string.IsNullOrEmpty(description) ? "" : ": " + description)}.")
            {
                Error = string.IsNullOrEmpty(error) ? null : error,
                Transient = string.IsNullOrEmpty(error) && statusCode >= 500,
            };
        }

        values.TryGetValue("refresh_token", out var refresh);
        values.TryGetValue("scope", out var scope);
        values.TryGetValue("token_type", out var tokenType);
        int? expiresIn = values.TryGetValue("expires_in", out var e) && int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : null;
        return new OAuthTokens(accessToken, string.IsNullOrEmpty(refresh) ? null : refresh, expiresIn, NormalizeScope(scope), tokenType);
    }

    /// <summary>GitHub separates granted scopes with commas, the others with spaces; stored space separated.</summary>
    private static string? NormalizeScope(string? scope) => string.IsNullOrWhiteSpace(scope)
        ? null
        : string.Join(' ', scope.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Dictionary<string, string> ReadJson(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new OAuthTokenException("The token endpoint answered JSON that is not an object.");
            }

            return json.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => p.Value.GetRawText(),
                },
                StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new OAuthTokenException("The token endpoint answered something that is not JSON.", e) { Transient = true };
        }
    }

    private static Dictionary<string, string> ReadForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last() is { Length: 2 } parts ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
}
