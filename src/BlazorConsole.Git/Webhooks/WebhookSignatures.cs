using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Buffers;
using System.Text;

namespace BlazorConsole.Git.Webhooks;

public enum SignatureCheck
{
    Valid,

    /// <summary>No signature or token header at all.</summary>
    Missing,

    /// <summary>A signature was sent and does not match the secret.</summary>
    Mismatch,

    /// <summary>Gitee signing key: the timestamp is outside the accepted window (a replay or a wrong clock).</summary>
    Stale,
}

/// <summary>Every provider's way of proving a delivery came from it, compared in constant time.</summary>
public static class WebhookSignatures
{
    /// <summary>GitHub <c>X-Hub-Signature-256</c>: <c>sha256=</c> + hex HMAC-SHA256 of the raw body.</summary>
    public static SignatureCheck GitHub(ReadOnlySpan<byte> body, string secret, string? signature256)
    {
        if (string.IsNullOrEmpty(signature256))
        {
            return SignatureCheck.Missing;
        }

        const string prefix = "sha256=";
        return signature256.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? HexHmacMatches(body, secret, signature256.AsSpan(prefix.Length))
            : SignatureCheck.Mismatch;
    }

    /// <summary>Gitea <c>X-Gitea-Signature</c> and Gogs <c>X-Gogs-Signature</c>: hex HMAC-SHA256 of the raw body, no prefix.</summary>
    public static SignatureCheck HexHmac(ReadOnlySpan<byte> body, string secret, string? signature) =>
        string.IsNullOrEmpty(signature) ? SignatureCheck.Missing : HexHmacMatches(body, secret, signature);

    /// <summary>GitLab <c>X-Gitlab-Token</c>: the secret itself.</summary>
    public static SignatureCheck PlainToken(string secret, string? token) =>
        string.IsNullOrEmpty(token) ? SignatureCheck.Missing : FixedTimeEquals(secret, token) ? SignatureCheck.Valid : SignatureCheck.Mismatch;

    /// <summary>
    /// Gitee <c>X-Gitee-Token</c>: in password mode the secret itself; in signing-key mode
    /// base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), plain or URL-encoded, with <c>X-Gitee-Timestamp</c>
    /// (milliseconds) inside <paramref name="window"/> of <paramref name="now"/>.
    /// </summary>
    public static SignatureCheck Gitee(string secret, string? token, string? timestamp, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(token))
        {
            return SignatureCheck.Missing;
        }

        if (FixedTimeEquals(secret, token))
        {
            return SignatureCheck.Valid;
        }

        if (string.IsNullOrEmpty(timestamp) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return SignatureCheck.Mismatch;
        }

        var expected = GiteeSign(secret, timestamp);
        var presented = token.Contains('%', StringComparison.Ordinal) ? WebUtility.UrlDecode(token) : token;
        if (!FixedTimeEquals(expected, presented))
        {
            return SignatureCheck.Mismatch;
        }

        // Checked after the signature so a stale but genuine delivery is told apart from a forged one.
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        return (now - sentAt).Duration() <= window ? SignatureCheck.Valid : SignatureCheck.Stale;
    }

    public static string GiteeSign(string secret, string timestamp)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        return Convert.ToBase64String(mac);
    }

    public static string HexHmacSha256(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static SignatureCheck HexHmacMatches(ReadOnlySpan<byte> body, string secret, ReadOnlySpan<char> presentedHex)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        Span<byte> presented = stackalloc byte[32];
        if (presentedHex.Length != 64 || Convert.FromHexString(presentedHex, presented, out _, out var written) != OperationStatus.Done || written != 32)
        {
            return SignatureCheck.Mismatch;
        }

        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
