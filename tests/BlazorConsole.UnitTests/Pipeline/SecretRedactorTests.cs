using System.Text;
using BlazorConsole.Pipeline.Checkout;
using BlazorConsole.Pipeline.Logs;

namespace BlazorConsole.UnitTests.Pipeline;

public class SecretRedactorTests
{
    private const string Token = "ghp_Ab/c+d=e f%g";

    private readonly SecretRedactor redactor = SecretRedactor.For(GitCredentials.Basic("bot", Token), ["db-password-99"]);

    [Fact]
    public void The_secret_as_typed_is_masked()
    {
        Assert.Equal("token is *** and db *** end", redactor.Redact($"token is {Token} and db db-password-99 end"));
    }

    [Fact]
    public void Url_encoded_forms_are_masked_in_upper_and_lower_case_hex_and_with_plus_for_space()
    {
        var upper = Uri.EscapeDataString(Token);
        var lower = upper.Replace("%2F", "%2f", StringComparison.Ordinal).Replace("%2B", "%2b", StringComparison.Ordinal)
            .Replace("%3D", "%3d", StringComparison.Ordinal);
        var form = System.Net.WebUtility.UrlEncode(Token);

        Assert.Equal("a=*** b=*** c=***", redactor.Redact($"a={upper} b={lower} c={form}"));
    }

    [Fact]
    public void Base64_forms_and_the_basic_authorization_header_are_masked()
    {
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("bot:" + Token));

        Assert.Equal("x *** y", redactor.Redact($"x {plain} y"));
        Assert.Equal("Authorization: Basic ***", redactor.Redact($"Authorization: Basic {header}"));
    }

    [Fact]
    public void Credentials_in_urls_are_masked_even_when_not_known_as_secrets()
    {
        var line = SecretRedactor.UrlCredentialsOnly.Redact(
            "fatal: unable to access 'https://someone:hunter2@git.example.com/a.git/' and http://tok@h/x");

        Assert.Equal("fatal: unable to access 'https://***@git.example.com/a.git/' and http://***@h/x", line);
        Assert.Equal("see https://git.example.com/a.git", SecretRedactor.UrlCredentialsOnly.Redact("see https://git.example.com/a.git"));
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole_and_tiny_secrets_are_ignored()
    {
        var nested = new SecretRedactor(["abcd", "abcdef-123", "ab", null, ""]);

        Assert.Equal("*** and *** and ab", nested.Redact("abcdef-123 and abcd and ab"));
    }
}
