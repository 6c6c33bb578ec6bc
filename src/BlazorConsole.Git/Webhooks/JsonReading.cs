using System.Globalization;
using System.Text.Json;

namespace BlazorConsole.Git.Webhooks;

/// <summary>Tolerant reads over webhook JSON: providers differ in which fields are strings, numbers or null.</summary>
internal static class JsonReading
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    public static JsonElement? Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    public static string? Str(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    /// <summary>The first non-empty string among several candidate paths.</summary>
    public static string? FirstStr(this JsonElement element, params string[][] paths) =>
        paths.Select(path => element.Str(path)).FirstOrDefault(value => !string.IsNullOrEmpty(value));

    public static bool Bool(this JsonElement element, params string[] path) => element.Get(path) is { ValueKind: JsonValueKind.True };

    public static bool? OptionalBool(this JsonElement element, params string[] path) => element.Get(path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(this JsonElement element, params string[] path) =>
        element.Get(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static DateTimeOffset? Time(this JsonElement element, params string[] path) =>
        element.Str(path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    public static string Required(this JsonElement element, string what, params string[] path) =>
        element.Str(path) is { Length: > 0 } value ? value : throw new MalformedWebhookException($"The payload has no {what} ('{string.Join('.', path)}').");

    public static bool IsZeroSha(string? sha) => string.IsNullOrEmpty(sha) || sha.All(c => c == '0');

    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> body)
    {
        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new MalformedWebhookException("The payload is JSON but not an object.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new MalformedWebhookException($"The payload is not valid JSON: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // Invalid UTF-8 surfaces here.
            throw new MalformedWebhookException($"The payload is not valid UTF-8 JSON: {e.Message}", e);
        }
    }

    public static PushCommit ReadCommit(JsonElement commit) => new(
        commit.Required("commit id", "id"),
        commit.Str("message") ?? "",
        new PushUser(
            commit.FirstStr(["author", "username"], ["author", "login"]),
            commit.Str("author", "name"),
            commit.Str("author", "email")),
        commit.Str("url"),
        commit.Time("timestamp"));
}
