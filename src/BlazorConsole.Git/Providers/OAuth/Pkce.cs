using System.Security.Cryptography;
using System.Text;

namespace BlazorConsole.Git.Providers.OAuth;

/// <summary>PKCE (RFC 7636) with S256.</summary>
public static class Pkce
{
    public const string Method = "S256";

    /// <summary>A fresh verifier: 32 random bytes, base64url (43 characters).</summary>
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
