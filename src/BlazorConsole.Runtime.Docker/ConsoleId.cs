using System.Security.Cryptography;

namespace BlazorConsole.Runtime.Docker;

/// <summary>The console's identity on a shared Docker daemon: 16 random hex digits in <c>&lt;data&gt;/docker-console-id</c>.</summary>
internal static class ConsoleId
{
    public const string FileName = "docker-console-id";

    public static string ReadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: 16 } stored && stored.All(char.IsAsciiHexDigitLower))
        {
            return stored;
        }

        Directory.CreateDirectory(dataDirectory);
        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        try
        {
            // Two engines of one console starting at once agree on whichever id was written first.
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(created);
            }

            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }
}
