using System.Text.Json.Nodes;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Git.Providers;
using Microsoft.AspNetCore.OpenApi;

namespace BlazorConsole.Web.Features.GitProviders;

/// <summary>
/// In the API a <see cref="GitProviderKind"/> is only ever an OAuth service's type, so the OpenAPI document offers
/// the OAuth-capable kinds (not Gogs, which only sends webhooks) under the schema name clients were generated from.
/// </summary>
internal static class OAuthTypeOpenApi
{
    private const string SchemaName = "GitProviderType";

    public static void Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var defaultReferenceId = options.CreateSchemaReferenceId;
        options.CreateSchemaReferenceId = type => IsKind(type.Type) ? SchemaName : defaultReferenceId(type);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (IsKind(context.JsonTypeInfo.Type) && schema.Enum is not null)
            {
                schema.Enum = [.. GitProviderRegistry.Default.OAuthCapable.Select(provider => (JsonNode)JsonValue.Create(provider.ApiName))];
            }

            return Task.CompletedTask;
        });
    }

    // The request's optional type is a Nullable<GitProviderKind>: one schema for both, as before.
    private static bool IsKind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(GitProviderKind);
}
