using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Tokens;

public static class TokensUseCases
{
    /// <summary>Personal API tokens: issue (shown once, stored hashed), list, revoke (audited).</summary>
    public static IServiceCollection AddTokens(this IServiceCollection services) =>
        services.AddAuditing().AddSingleton<ApiTokenService>();
}
