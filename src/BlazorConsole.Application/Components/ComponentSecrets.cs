using System.Buffers.Text;
using System.Security.Cryptography;
using BlazorConsole.Domain.Access;
using System.Text;

namespace BlazorConsole.Application.Components;

/// <summary>Generates webhook secrets and custom-trigger keys, and compares keys in constant time.</summary>
public static class ComponentSecrets
{
    public const string ApiKeyMarker = "bck_";

    public static string NewWebhookSecret() => RandomUrlSafe(32);

    public static string NewApiTriggerKey() => ApiKeyMarker + RandomUrlSafe(32);

    public static string HashKey(string key) => ApiTokenFormat.Hash(key);

    /// <summary>Compares the hash of a presented key with the stored hash without leaking timing.</summary>
    public static bool KeyMatches(string? presented, string storedHash)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashKey(presented)), Encoding.ASCII.GetBytes(storedHash));
    }

    private static string RandomUrlSafe(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
