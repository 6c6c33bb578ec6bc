using BlazorConsole.Application.Components;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.GitProviders;
using BlazorConsole.Domain.Triggers;
using BlazorConsole.Pipeline.Workers;

namespace BlazorConsole.UnitTests.Pipeline;

/// <summary>Records print their members; the ones that carry a secret print it redacted, so a log line of one leaks nothing.</summary>
public class SecretValuesPrintTests
{
    [Fact]
    public void An_access_token_result_prints_without_its_token()
    {
        var printed = new OAuthAccessToken(true, "gho_very-secret-token", GitProviderKind.GitHub, null).ToString();
        Assert.DoesNotContain("gho_very-secret-token", printed, StringComparison.Ordinal);
        Assert.Contains("GitHub", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_target_prints_without_its_secret()
    {
        var printed = new WebhookTarget(Guid.NewGuid(), "whsec-very-secret", AllowUnsigned: false, new TriggerSettings(true, "main", null, "@deploy", false, ComponentEnvironment.Production, true)).ToString();
        Assert.DoesNotContain("whsec-very-secret", printed, StringComparison.Ordinal);
        Assert.Contains("redacted", printed, StringComparison.Ordinal);
    }
}
