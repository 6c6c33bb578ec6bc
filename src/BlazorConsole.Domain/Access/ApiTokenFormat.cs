using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BlazorConsole.Domain.Access;

/// <summary>Generates and hashes API tokens: <c>bct_</c> + 43 URL-safe characters (256 random bits).</summary>
public static class ApiTokenFormat
{
    public const string Marker = "bct_";
    public const int PrefixLength = 12;

    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Marker + Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The hash stored and looked up, for API tokens and any other high-entropy key the console issues (component API
    /// trigger keys). They carry 256 random bits, so a plain SHA-256 is enough.
    /// </summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    public static string PrefixOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Length <= PrefixLength ? token : token[..PrefixLength];
    }

    /// <summary>Cheap shape check before any database work: rejects obvious garbage early.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: > 20 and < 200 } && token.StartsWith(Marker, StringComparison.Ordinal);
}
