using BlazorConsole.Domain.GitProviders;

namespace BlazorConsole.Git.Providers;

/// <summary>Provider-independent checks on what users type for a provider.</summary>
public static class GitProviderProfiles
{
    /// <summary>
    /// The provider's display name. Kept as a static for the build workers' credentials, which are being moved
    /// elsewhere right now; new code asks <see cref="GitProviderRegistry"/>.
    /// </summary>
    public static string DisplayName(GitProviderKind kind) => GitProviderRegistry.Default.Get(kind).DisplayName;

    /// <summary>Null when the address is usable, else why not.</summary>
    public static string? ValidateAddress(string? address, string label)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        return Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"{label} must be an absolute http(s) address, e.g. https://git.example.com.";
    }
}
