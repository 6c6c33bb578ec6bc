using BlazorConsole.Data.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorConsole.UnitTests.Data;

public class SecretProtectorTests
{
    private static SecretProtector Create(DirectoryInfo keys) => new(DataProtectionProvider.Create(keys));

    [Fact]
    public void Round_trips_and_never_stores_the_plaintext()
    {
        var keys = Directory.CreateTempSubdirectory("bc-keys-");
        var protector = Create(keys);

        var stored = protector.Protect("ghp_secret-value-123");

        Assert.DoesNotContain("secret-value", stored, StringComparison.Ordinal);
        Assert.Equal("ghp_secret-value-123", protector.Unprotect(stored));
        Assert.True(protector.TryUnprotect(stored, out var plain));
        Assert.Equal("ghp_secret-value-123", plain);
    }

    [Fact]
    public void A_lost_key_ring_is_reported_not_thrown()
    {
        var stored = Create(Directory.CreateTempSubdirectory("bc-keys-")).Protect("token");
        var otherRing = Create(Directory.CreateTempSubdirectory("bc-keys-"));

        Assert.False(otherRing.TryUnprotect(stored, out _));
        Assert.False(otherRing.TryUnprotect(null, out _));
    }
}
