using System.Text;

namespace BlazorConsole.TestSupport;

/// <summary>Reads an HTTP <c>Authorization: Basic …</c> header, as the test Git servers check it.</summary>
public static class BasicAuthorization
{
    /// <returns>False when the header is missing, not Basic, not Base64 or has no ':'.</returns>
    public static bool TryParse(string header, out string user, out string password)
    {
        user = password = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0)
        {
            return false;
        }

        user = decoded[..separator];
        password = decoded[(separator + 1)..];
        return true;
    }
}
