using System.Text.Json;

namespace BlazorConsole.TestSupport;

/// <summary>
/// The recorded provider data in <c>../shared/fixtures/provider-data</c> (beside the repository), read byte-exact.
/// </summary>
public static class ProviderFixtures
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonElement Json(string relative) => JsonDocument.Parse(File.ReadAllBytes(PathOf(relative))).RootElement.Clone();

    /// <summary>A recorded <c>.golden</c> (or any JSON) file.</summary>
    public static JsonElement Golden(string relative) => Json(relative);

    /// <summary>Every recorded webhook delivery of the given providers: (provider folder, file name without .json).</summary>
    public static IEnumerable<object[]> Deliveries(params string[] providers) =>
        providers.SelectMany(provider => Directory.GetFiles(Path.Combine(Root, "go-scm", provider), "*.headers.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new object[] { provider, Path.GetFileName(path)[..^".headers.json".Length] }));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BlazorConsole.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "provider-data"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"The shared provider fixtures are expected at {shared} (beside the repository).");
            }
        }

        throw new DirectoryNotFoundException("BlazorConsole.sln not found above " + AppContext.BaseDirectory);
    }
}
