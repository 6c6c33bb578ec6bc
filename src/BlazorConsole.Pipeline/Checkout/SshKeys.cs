using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BlazorConsole.Pipeline.Processes;

namespace BlazorConsole.Pipeline.Checkout;

/// <summary>A key pair for SSH: the private key (OpenSSH text) and its public key (one OpenSSH line).</summary>
public sealed record SshKeyPair(string PrivateKey, string PublicKey)
{
    /// <summary>Never the private key: a record would print every property.</summary>
    public override string ToString() => "ssh key " + (SshKeys.Fingerprint(PublicKey) ?? "(unknown)");
}

/// <summary>An SSH key that cannot be made or read (no ssh-keygen, a passphrase, not a private key).</summary>
public sealed class SshKeyException : Exception
{
    public SshKeyException()
    {
    }

    public SshKeyException(string message)
        : base(message)
    {
    }

    public SshKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Deploy keys with the OpenSSH tools (the same package as the <c>ssh</c> client that fetches): Ed25519 key pairs made
/// by <c>ssh-keygen</c>, public keys derived from pasted private keys, SHA-256 fingerprints as providers show them.
/// Private keys touch the disk only in a 0700 directory under the data directory's <c>work/</c>, as 0600 files,
/// deleted before the method returns (and at start-up after a crash, with the rest of <c>work/</c>).
/// </summary>
public static class SshKeys
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan KeygenTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Generates an Ed25519 key pair without a passphrase; <paramref name="comment"/> ends the public key line.</summary>
    /// <exception cref="SshKeyException">ssh-keygen is missing or failed.</exception>
    public static async Task<SshKeyPair> GenerateAsync(PipelinePaths paths, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directory = CreatePrivateDirectory(paths.WorkDirectory, "keygen-");
        try
        {
            var keyFile = Path.Combine(directory, "key");
            var output = await RunKeygenAsync(["-q", "-t", "ed25519", "-N", "", "-C", SafeComment(comment), "-f", keyFile], directory, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(keyFile) || !File.Exists(keyFile + ".pub"))
            {
                throw new SshKeyException($"ssh-keygen did not write a key: {output}");
            }

            var privateKey = NormalizePrivateKey(await File.ReadAllTextAsync(keyFile, cancellationToken).ConfigureAwait(false));
            var publicKey = (await File.ReadAllTextAsync(keyFile + ".pub", cancellationToken).ConfigureAwait(false)).Trim();
            return new SshKeyPair(privateKey, publicKey);
        }
        finally
        {
            ScratchDirectory.TryDelete(directory);
        }
    }

    /// <summary>The public key of a pasted private key (which must not have a passphrase: builds run unattended).</summary>
    /// <exception cref="SshKeyException">Not a private key, protected by a passphrase, or ssh-keygen is missing.</exception>
    public static async Task<string> PublicKeyOfAsync(PipelinePaths paths, string privateKey, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (string.IsNullOrWhiteSpace(privateKey) || !privateKey.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new SshKeyException("That is not an SSH private key: paste the whole file, from -----BEGIN to the END----- line.");
        }

        var directory = CreatePrivateDirectory(paths.WorkDirectory, "keygen-");
        try
        {
            var keyFile = Path.Combine(directory, "key");
            WritePrivateFile(keyFile, NormalizePrivateKey(privateKey));
            string output;
            try
            {
                // -P "": a key with a passphrase fails here instead of prompting.
                output = await RunKeygenAsync(["-y", "-P", "", "-f", keyFile], directory, cancellationToken).ConfigureAwait(false);
            }
            catch (SshKeyException ex) when (ex.Message.Contains("passphrase", StringComparison.OrdinalIgnoreCase))
            {
                throw new SshKeyException("That private key is protected by a passphrase: builds run unattended, so use a key without one.", ex);
            }
            catch (SshKeyException ex) when (!ex.Message.Contains("ssh-keygen is not installed", StringComparison.Ordinal))
            {
                throw new SshKeyException("That is not an SSH private key ssh-keygen can read: paste the whole file, from -----BEGIN to the END----- line.", ex);
            }

            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => Fingerprint(l) is not null)
                ?? throw new SshKeyException("ssh-keygen read the key but printed no public key.");
            var parts = line.Split(' ', 3);
            return $"{parts[0]} {parts[1]} {SafeComment(comment)}";
        }
        finally
        {
            ScratchDirectory.TryDelete(directory);
        }
    }

    /// <summary>
    /// The SHA-256 fingerprint of an OpenSSH public key line (<c>SHA256:…</c>, as <c>ssh-keygen -l</c>, GitHub and GitLab
    /// show it), or null when the text is not a public key.
    /// </summary>
    public static string? Fingerprint(string? publicKey)
    {
        var blob = KeyBlob(publicKey);
        return blob is null ? null : "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
    }

    /// <summary>The key type of a public key line (<c>ssh-ed25519</c>, <c>ssh-rsa</c>, …), or null.</summary>
    public static string? KeyType(string? publicKey) =>
        KeyBlob(publicKey) is null ? null : publicKey!.Trim().Split(' ', 2)[0];

    /// <summary>Unix line ends and one final newline: OpenSSH refuses a key file without it.</summary>
    public static string NormalizePrivateKey(string privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return privateKey.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim() + "\n";
    }

    /// <summary>A new directory only the console's user can enter.</summary>
    internal static string CreatePrivateDirectory(string parent, string prefix)
    {
        Directory.CreateDirectory(parent);
        var directory = Path.Combine(parent, prefix + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
        }

        return directory;
    }

    /// <summary>Creates the file as 0600 from the first byte: it is never readable by others, not even briefly.</summary>
    internal static void WritePrivateFile(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static byte[]? KeyBlob(string? publicKey)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return null;
        }

        var parts = publicKey.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("ssh-", StringComparison.Ordinal) && !parts[0].StartsWith("ecdsa-", StringComparison.Ordinal)
            && !parts[0].StartsWith("sk-", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var blob = Convert.FromBase64String(parts[1]);
            // The blob starts with the key type as an SSH string: a line whose halves disagree is not a key.
            if (blob.Length < 4)
            {
                return null;
            }

            var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
            return length > 0 && length <= blob.Length - 4 && Encoding.ASCII.GetString(blob, 4, length) == parts[0] ? blob : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string SafeComment(string comment)
    {
        var safe = new string((comment ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return safe.Length == 0 ? "blazor-console" : safe;
    }

    private static async Task<string> RunKeygenAsync(string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var keygen = ToolLocator.Find("ssh-keygen")
            ?? throw new SshKeyException("ssh-keygen is not installed on the console's machine: install the OpenSSH client (Debian: apt-get install openssh-client).");
        var output = new StringBuilder();
        var outcome = await ChildProcessRunner.RunAsync(
            new ChildProcessSpec(keygen, arguments, directory, BuildEnvironment.Scrubbed(directory), KeygenTimeout),
            line =>
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            },
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!outcome.Succeeded)
        {
            throw new SshKeyException(string.Create(CultureInfo.InvariantCulture,
                $"ssh-keygen failed ({(outcome.TimedOut ? "timed out" : "exit code " + outcome.ExitCode)}): {output.ToString().Trim()}"));
        }

        return output.ToString();
    }
}
