using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorConsole.Data.Secrets;

/// <summary>
/// Encrypts secrets at rest (OAuth client secrets and tokens, webhook secrets, Git passwords, secret env vars)
/// with ASP.NET Core Data Protection; the key ring lives under the data directory.
/// Entities keep only the protected form, in properties named <c>...Protected</c>.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("BlazorConsole.Secrets.v1");

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return protector.Protect(plaintext);
    }

    public string Unprotect(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        return protector.Unprotect(protectedValue);
    }

    /// <summary>False when the value cannot be decrypted (key ring lost or replaced): callers ask the user to enter it again.</summary>
    public bool TryUnprotect(string? protectedValue, out string plaintext)
    {
        plaintext = "";
        if (string.IsNullOrEmpty(protectedValue))
        {
            return false;
        }

        try
        {
            plaintext = protector.Unprotect(protectedValue);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
