using BlazorConsole.Domain.Access;

namespace BlazorConsole.UnitTests.Domain.Access;

public class ApiTokenFormatTests
{
    [Fact]
    public void New_tokens_are_marked_url_safe_and_unique()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => ApiTokenFormat.NewToken()).ToList();

        Assert.All(tokens, token =>
        {
            Assert.StartsWith(ApiTokenFormat.Marker, token, StringComparison.Ordinal);
            Assert.Equal(ApiTokenFormat.Marker.Length + 43, token.Length);
            Assert.Matches("^bct_[A-Za-z0-9_-]+$", token);
            Assert.True(ApiTokenFormat.LooksValid(token));
        });
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Hash_is_stable_lower_hex_sha256_and_differs_from_the_token()
    {
        const string token = "bct_example-token-value-for-hashing";
        var hash = ApiTokenFormat.Hash(token);

        Assert.Equal(hash, ApiTokenFormat.Hash(token));
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain("example", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, ApiTokenFormat.Hash(token + "x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bct_short")]
    [InlineData("ghp_0123456789abcdefghijklmnopqrstuv")]
    [InlineData("Bearer bct_0123456789abcdefghijklmnop")]
    public void Rejects_strings_that_cannot_be_api_tokens(string? candidate) => Assert.False(ApiTokenFormat.LooksValid(candidate));

    [Fact]
    public void Prefix_identifies_a_token_without_revealing_it()
    {
        var token = ApiTokenFormat.NewToken();
        var prefix = ApiTokenFormat.PrefixOf(token);

        Assert.Equal(ApiTokenFormat.PrefixLength, prefix.Length);
        Assert.StartsWith(prefix, token, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_is_active_until_revoked_or_expired()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        var token = new ApiToken { UserId = "u", Name = "ci", Prefix = "bct_x", Hash = "h", CreatedAt = now, ExpiresAt = now.AddDays(1) };

        Assert.True(token.IsActiveAt(now));
        Assert.False(token.IsActiveAt(now.AddDays(1)));
        token.RevokedAt = now;
        Assert.False(token.IsActiveAt(now));
    }
}
