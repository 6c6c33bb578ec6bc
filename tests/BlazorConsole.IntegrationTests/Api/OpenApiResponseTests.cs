using System.Net;
using System.Text.Json;
using BlazorConsole.IntegrationTests.Infrastructure;
using BlazorConsole.Application.Components;

namespace BlazorConsole.IntegrationTests.Api;

/// <summary>
/// Generated clients read the response shapes from the OpenAPI document: each operation must declare its failures
/// (404, 400/409/422 problems) and a named schema for its success body, not a bare "200 OK".
/// </summary>
public class OpenApiResponseTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private const string ProblemJson = "application/problem+json";

    [Fact]
    public async Task Reading_a_component_declares_its_named_body_and_the_404()
    {
        var document = await OpenApiDocumentAsync();
        var responses = Responses(document, "/api/v1/components/{id}", "get");

        Assert.Equal("ComponentView", NamedSchema(document, responses, "200"));
        Assert.True(responses.TryGetProperty("404", out _), "GET component does not declare 404.");
    }

    [Fact]
    public async Task Triggering_a_build_declares_the_accepted_body_the_404_and_the_conflict_problem()
    {
        var document = await OpenApiDocumentAsync();
        var responses = Responses(document, "/api/v1/components/{id}/builds", "post");

        Assert.Equal("ManualBuildResponse", NamedSchema(document, responses, "202"));
        Assert.True(responses.TryGetProperty("404", out _), "POST build does not declare 404.");
        Assert.Equal("ProblemDetails", NamedSchema(document, responses, "409", ProblemJson));
    }

    [Fact]
    public async Task Reading_and_rolling_back_a_release_declare_named_bodies_and_their_failures()
    {
        var document = await OpenApiDocumentAsync();

        Assert.Equal("ReleaseResponse", NamedSchema(document, Responses(document, "/api/v1/components/{id}/release", "get"), "200"));

        var rollback = Responses(document, "/api/v1/components/{id}/rollback", "post");
        Assert.Equal("ReleaseResponse", NamedSchema(document, rollback, "200"));
        Assert.Equal("ProblemDetails", NamedSchema(document, rollback, "404", ProblemJson));
        Assert.Equal("ReleaseActionFailedResponse", NamedSchema(document, rollback, "422"));
    }

    [Fact]
    public async Task Revoking_a_token_declares_no_content_and_both_problems()
    {
        var document = await OpenApiDocumentAsync();
        var responses = Responses(document, "/api/v1/me/tokens/{id}", "delete");

        Assert.True(responses.TryGetProperty("204", out _), "DELETE token does not declare 204.");
        Assert.Equal("ProblemDetails", NamedSchema(document, responses, "404", ProblemJson));
        Assert.Equal("ProblemDetails", NamedSchema(document, responses, "400", ProblemJson));
    }

    [Fact]
    public async Task The_caller_account_is_a_named_record_not_an_anonymous_type_with_the_same_properties()
    {
        var document = await OpenApiDocumentAsync();

        var name = NamedSchema(document, Responses(document, "/api/v1/me", "get"), "200");

        Assert.Equal("CurrentUserResponse", name);

        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties");
        Assert.Equal(["email", "id", "isPlatformAdmin"], properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private async Task<JsonElement> OpenApiDocumentAsync()
    {
        var response = await factory.CreateNoRedirectClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static JsonElement Responses(JsonElement document, string path, string method)
    {
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document.");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the OpenAPI document.");
        return operation.GetProperty("responses");
    }

    /// <summary>The name of the component schema the response's body refers to; fails when the body is missing or inline.</summary>
    private static string NamedSchema(JsonElement document, JsonElement responses, string status, string contentType = "application/json")
    {
        Assert.True(responses.TryGetProperty(status, out var response), $"The operation does not declare {status}.");
        var media = response.TryGetProperty("content", out var content) && content.TryGetProperty(contentType, out var body) ? body : default;
        Assert.True(media.ValueKind == JsonValueKind.Object, $"The {status} response has no {contentType} body.");
        Assert.True(media.GetProperty("schema").TryGetProperty("$ref", out var reference), $"The {status} body's schema is not a named schema.");

        const string prefix = "#/components/schemas/";
        var target = reference.GetString() ?? "";
        Assert.StartsWith(prefix, target, StringComparison.Ordinal);
        var name = target[prefix.Length..];
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty(name, out _), $"{name} is referenced but not defined.");
        return name;
    }
}
