using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BlazorConsole.Pipeline.Checkout;

namespace BlazorConsole.Pipeline.Logs;

/// <summary>
/// Replaces the secrets of a build with <c>***</c> in every log line: each secret as typed, URL-encoded
/// (upper- and lower-case hex, <c>+</c> for space), base64 (standard, unpadded, URL-safe), the base64 of
/// <c>user:password</c> as sent in a Basic <c>Authorization</c> header, each line of an SSH private key, and any
/// <c>scheme://userinfo@</c> in a URL (except the plain user of an <c>ssh://git@host</c> address: a login name, not a secret).
/// Secrets shorter than <see cref="MinimumLength"/> characters are not looked for (they would blank out ordinary text).
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";
    public const int MinimumLength = 3;

    private readonly Regex? secrets;

    public SecretRedactor(IEnumerable<string?> secrets, IEnumerable<GitCredentials>? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets.Concat(credentials?.Select(c => c.Password) ?? []))
        {
            if (secret is null || secret.Trim().Length < MinimumLength)
            {
                continue;
            }

            forms.Add(secret);
            var escaped = Uri.EscapeDataString(secret);
            forms.Add(escaped);
            forms.Add(LowerHexEscapes().Replace(escaped, m => m.Value.ToLowerInvariant()));
            forms.Add(WebUtility.UrlEncode(secret));
            AddBase64(forms, secret);
        }

        foreach (var credential in credentials ?? [])
        {
            if (credential.Kind == GitCredentialKind.SshKey)
            {
                // The key file only exists during the fetch; should a line of it ever be printed, it is masked.
                foreach (var keyLine in (credential.SshPrivateKey ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!keyLine.StartsWith("-----", StringComparison.Ordinal) && keyLine.Length >= 16)
                    {
                        forms.Add(keyLine);
                    }
                }

                continue;
            }

            AddBase64(forms, credential.Username + ":" + credential.Password);
        }

        forms.RemoveWhere(f => f.Length < MinimumLength);
        if (forms.Count > 0)
        {
            // Longest first: a secret that contains another is masked whole.
            var pattern = string.Join('|', forms.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal).Select(Regex.Escape));
            this.secrets = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
    }

    /// <summary>Masks only credentials in URLs (no known secrets).</summary>
    public static SecretRedactor UrlCredentialsOnly { get; } = new([]);

    public static SecretRedactor For(GitCredentials? credentials, IEnumerable<string?>? secrets = null) =>
        new(secrets ?? [], credentials is null ? null : [credentials]);

    public string Redact(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (secrets is not null)
        {
            line = secrets.Replace(line, Mask);
        }

        return line.Contains("://", StringComparison.Ordinal) ? UrlUserInfo().Replace(line, MaskUserInfo) : line;
    }

    private static string MaskUserInfo(Match match)
    {
        var scheme = match.Groups["scheme"].Value;
        var userInfo = match.Value[scheme.Length..^1];
        return scheme.Contains("ssh://", StringComparison.OrdinalIgnoreCase) && !userInfo.Contains(':', StringComparison.Ordinal)
            ? match.Value
            : scheme + Mask + "@";
    }

    private static void AddBase64(HashSet<string> forms, string value)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        forms.Add(base64);
        var unpadded = base64.TrimEnd('=');
        forms.Add(unpadded);
        forms.Add(unpadded.Replace('+', '-').Replace('/', '_'));
    }

    [GeneratedRegex("%[0-9A-F]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHexEscapes();

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@""'<>]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
