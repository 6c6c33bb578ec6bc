using System.ComponentModel.DataAnnotations;

namespace BlazorConsole.Runtime.Docker;

/// <summary>The <c>Docker</c> configuration section: where the Docker Engine API answers and how containers are hardened.</summary>
public sealed class DockerOptions
{
    public const string SectionName = "Docker";

    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    /// <summary>The Docker Engine API: <c>unix:///path/docker.sock</c> or <c>tcp://host:2376</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>
    /// A user-defined network the release containers join (the console reaches them by their address on it, e.g. when
    /// the console itself runs in a container on that network); empty = ports published on 127.0.0.1.
    /// </summary>
    public string? Network { get; set; }

    /// <summary>
    /// Containers keep running when the console stops (an upgrade or restart of the console does not take the apps down)
    /// and the next start adopts them; false = they are stopped and removed with the console, as processes are.
    /// </summary>
    public bool KeepContainersOnShutdown { get; set; } = true;

    /// <summary>Release containers get a read-only root filesystem (a writable /tmp is mounted as tmpfs).</summary>
    public bool ReadOnlyRootFilesystem { get; set; }

    /// <summary>Capabilities added back after <c>--cap-drop ALL</c> (e.g. <c>NET_BIND_SERVICE</c>); none by default.</summary>
    public List<string> CapAdd { get; set; } = [];

    /// <summary>Seconds a Dockerfile build may take at most, on top of the build's own timeout; 0 = the build's timeout only.</summary>
    [Range(0, 86_400)]
    public int BuildTimeoutSeconds { get; set; }

    /// <summary>
    /// Base images per buildpack language, by the language's name (<c>Docker:RunImage:NodeJs = node:20-slim</c>): a
    /// buildpack build of a component whose runtime is docker is packaged onto it (the artifact copied to /app, the start
    /// command as its CMD) and released as a container. Languages without one run as processes.
    /// </summary>
    public Dictionary<string, string> RunImage { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Uri EndpointUri => new(Endpoint.Trim());
}
