using System.Text;
using BlazorConsole.Pipeline.Buildpacks;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Runtime.Docker;

/// <summary>
/// Dockerfile builds over the Engine API (<c>POST /build</c>, the classic builder): the checkout goes as a tar context,
/// the engine's output streams line by line into the build log, an error fails the build naming its step, and a
/// cancel closes the request, which makes the engine stop the running step (nothing is tagged then).
/// </summary>
public sealed class DockerImageBuilder(DockerEngine engine, IOptions<DockerOptions> options, IOptions<BlazorConsole.Pipeline.BuildsOptions> builds) : IImageBuilder
{
    public Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken) => engine.UnavailableReasonAsync(cancellationToken);

    public async Task<string> BuildAsync(ImageBuildRequest request, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        // On disk, not in memory: a checkout may be large, and the engine reads the context while we stream it.
        var contextFile = Path.Combine(Path.GetTempPath(), $"bc-context-{Guid.NewGuid():N}.tar");
        await using var context = new FileStream(contextFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var sent = await BuildContextArchive.WriteAsync(request.ContextDirectory, request.DockerfilePath, context, cancellationToken).ConfigureAwait(false);
        log($"Sending build context to Docker: {sent} files, {context.Length / 1024.0:0.#} KiB");
        context.Position = 0;

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Value.BuildTimeoutSeconds > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(options.Value.BuildTimeoutSeconds));
        }

        var output = new BuildOutput(log);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = request.DockerfilePath,
            Tags = [request.Tag],
            Target = string.IsNullOrEmpty(request.Target) ? null : request.Target,
            BuildArgs = request.BuildArguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            Labels = request.Labels.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            // Intermediate containers go away even when a step fails; a failed build leaves nothing running.
            Remove = true,
            ForceRemove = true,
        };
        // A RUN step is repository code too: the build's memory and CPU limits (Builds:MemoryLimitMb, Builds:CpuLimit)
        // hold in the engine's step containers as they do in the sandbox.
        var limits = builds.Value;
        if (limits.MemoryLimitMb > 0)
        {
            parameters.Memory = limits.MemoryLimitMb * 1024L * 1024L;
            parameters.MemorySwap = parameters.Memory;
        }

        if (limits.CpuLimit > 0)
        {
            parameters.CPUPeriod = 100_000;
            parameters.CPUQuota = (long)(limits.CpuLimit * 100_000);
        }
        try
        {
            await engine.Client.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, output, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && limit.IsCancellationRequested)
        {
            output.Flush();
            throw new BuildFailedException($"The Docker build ran longer than Docker:BuildTimeoutSeconds ({options.Value.BuildTimeoutSeconds} s).")
            {
                OwnLimitReached = true,
            };
        }
        catch (DockerApiException e)
        {
            output.Flush();
            throw new BuildFailedException($"Docker refused the build: {e.ResponseBody?.Trim() ?? e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !limit.IsCancellationRequested)
        {
            // The engine went away mid-build (restart, socket closed): a failed build, not a crashed worker.
            output.Flush();
            throw new BuildFailedException($"Docker stopped answering at Docker:Endpoint {engine.Endpoint} during the build: {e.Message}", e);
        }

        output.Flush();
        if (output.Error is { } error)
        {
            throw new BuildFailedException(output.LastStep is { } step ? $"{step} — {error}" : error);
        }

        return request.Tag;
    }

    public string? RunImageFor(BlazorConsole.Pipeline.Detection.AppLanguage language) =>
        options.Value.RunImage.TryGetValue(language.ToString(), out var image) && !string.IsNullOrWhiteSpace(image) ? image.Trim() : null;

    public async Task<bool> ExistsAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    public async Task RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    /// <summary>
    /// The engine's JSON messages turned into log lines, synchronously and in order (<see cref="Progress{T}"/> would post
    /// them to the thread pool, out of order and possibly after the build returned).
    /// </summary>
    private sealed class BuildOutput(Action<string> log) : IProgress<JSONMessage>
    {
        private readonly StringBuilder partial = new();
        private readonly Lock gate = new();

        public string? LastStep { get; private set; }

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            lock (gate)
            {
                if (value.Error?.Message is { Length: > 0 } error)
                {
                    Error ??= error.Trim();
                }

                // The stream comes in chunks that need not end at a line; a RUN's own output arrives the same way.
                var text = value.Stream ?? (value.Status is { Length: > 0 } status ? status + "\n" : null);
                if (text is null)
                {
                    return;
                }

                foreach (var c in text)
                {
                    if (c == '\n')
                    {
                        EmitLine();
                    }
                    else if (c != '\r')
                    {
                        partial.Append(c);
                    }
                }
            }
        }

        public void Flush()
        {
            lock (gate)
            {
                if (partial.Length > 0)
                {
                    EmitLine();
                }
            }
        }

        private void EmitLine()
        {
            var line = partial.ToString();
            partial.Clear();
            if (line.StartsWith("Step ", StringComparison.Ordinal))
            {
                LastStep = line;
            }

            log(line);
        }
    }
}
