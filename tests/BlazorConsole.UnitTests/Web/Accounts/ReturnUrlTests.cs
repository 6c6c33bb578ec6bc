using BlazorConsole.Web.Features.Accounts.Pages;

namespace BlazorConsole.UnitTests.Web.Accounts;

public class ReturnUrlTests
{
    [Theory]
    [InlineData("/teams/default", "/teams/default")]
    [InlineData("/account/tokens?x=1", "/account/tokens?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void Sign_in_only_returns_to_local_paths(string? returnUrl, string expected) =>
        Assert.Equal(expected, Login.SafeReturnUrl(returnUrl));
}
