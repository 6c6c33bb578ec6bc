namespace BlazorConsole.TestSupport;

/// <summary>
/// The Docker engine the Docker runtime tests use: <c>CONSOLE_TEST_DOCKER</c> as scripts/test.sh sets it (the machine's
/// daemon or a private one it started; <c>unavailable: why</c> when none could start), else the machine's default socket.
/// </summary>
public static class TestDocker
{
    private static readonly string? Setting = Environment.GetEnvironmentVariable("CONSOLE_TEST_DOCKER");

    /// <summary>The endpoint (<c>unix:///…/docker.sock</c>), or null when no engine is available (see <see cref="UnavailableReason"/>).</summary>
    public static string? Endpoint => UnavailableReason is null ? Setting ?? "unix:///var/run/docker.sock" : null;

    /// <summary>Why the Docker tests skip; null when an engine is there.</summary>
    public static string? UnavailableReason => Setting switch
    {
        { } given when given.StartsWith("unavailable", StringComparison.Ordinal) => given,
        { Length: > 0 } => null,
        _ when File.Exists("/var/run/docker.sock") => null,
        _ => "unavailable: CONSOLE_TEST_DOCKER is not set and /var/run/docker.sock does not exist (scripts/test.sh starts a private dockerd)",
    };

    /// <summary>Debian's static busybox, copied into FROM-scratch test images (no registry is reachable here).</summary>
    public const string Busybox = "/usr/bin/busybox";

    /// <summary>
    /// Writes a Dockerfile site into <paramref name="directory"/>: busybox httpd serving <c>www/index.html</c> with
    /// <paramref name="content"/> on port 8080 (it builds and serves in about a second).
    /// </summary>
    public static void WriteBusyboxSite(string directory, string content, string? extraDockerfileLines = null)
    {
        Directory.CreateDirectory(Path.Combine(directory, "www"));
        File.Copy(Busybox, Path.Combine(directory, "busybox"), overwrite: true);
        File.WriteAllText(Path.Combine(directory, "www", "index.html"), content);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"),
            $"""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            COPY www /www
            {extraDockerfileLines}
            EXPOSE 8080
            CMD ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]
            """);
    }
}
