namespace BlazorConsole.Pipeline.Checkout;

/// <summary>A host key the console trusted on the first SSH fetch of a repository (a line of its known_hosts file).</summary>
public sealed record PinnedHostKey(string Host, string KeyType, string Fingerprint)
{
    public static IReadOnlyList<PinnedHostKey> Parse(IEnumerable<string> knownHostsLines)
    {
        ArgumentNullException.ThrowIfNull(knownHostsLines);
        var keys = new List<PinnedHostKey>();
        foreach (var line in knownHostsLines)
        {
            var parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts[0].StartsWith('#') || parts[0].StartsWith('@'))
            {
                continue;
            }

            var publicKey = parts[1] + " " + parts[2];
            if (SshKeys.Fingerprint(publicKey) is { } fingerprint)
            {
                var host = parts[0].StartsWith("|1|", StringComparison.Ordinal) ? "(hashed host name)" : parts[0];
                keys.Add(new PinnedHostKey(host, KeyName(parts[1]), fingerprint));
            }
        }

        return keys;
    }

    /// <summary>As ssh names key types in its messages: ED25519, RSA, ECDSA.</summary>
    private static string KeyName(string type) => type switch
    {
        "ssh-ed25519" => "ED25519",
        "ssh-rsa" => "RSA",
        _ when type.StartsWith("ecdsa-", StringComparison.Ordinal) => "ECDSA",
        _ => type,
    };
}
