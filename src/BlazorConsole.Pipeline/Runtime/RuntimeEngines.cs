using BlazorConsole.Domain.Releases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Every runtime engine the host registered (<see cref="RuntimeServiceCollectionExtensions.AddRuntimeEngine{TRuntime}"/>),
/// by name. A release is run, watched and stopped by the engine whose name it stores; a new release gets its engine from
/// its artifact (<see cref="ChooseFor"/>).
/// </summary>
public sealed class RuntimeEngines
{
    private readonly IReadOnlyList<IRuntime> all;

    public RuntimeEngines(IServiceProvider provider, IEnumerable<RuntimeEngineName> names, IOptions<RuntimeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        // Registration order is kept: the first engine able to run a kind is the fallback for it (process, then docker).
        all = names.Select(n => n.Name).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => provider.GetRequiredKeyedService<IRuntime>(n)).ToList();
        DefaultName = options.Value.Default?.Trim() ?? "";
        SeveralReplicas = options.Value.SeveralReplicas;
    }

    /// <summary>Releases run only on engines every replica reaches (<see cref="RuntimeOptions.SeveralReplicas"/>).</summary>
    public bool SeveralReplicas { get; }

    /// <summary><c>Runtime:Default</c> as configured (validated against the registered names at start-up).</summary>
    public string DefaultName { get; }

    public IReadOnlyList<IRuntime> All => all;

    public IEnumerable<string> Names => all.Select(e => e.Name);

    /// <summary>The engine of that name (a release's stored <see cref="Release.Runtime"/>); null when this console has none.</summary>
    public IRuntime? Find(string? name) =>
        all.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The engine a new release of <paramref name="kind"/> runs on: the component's own choice when it can run that kind,
    /// else <c>Runtime:Default</c> when it can, else the first registered engine that can (an image runs on Docker even
    /// when the default is the process runtime). Null when no engine runs that kind — with several replicas, no engine
    /// that every replica reaches.
    /// </summary>
    public IRuntime? ChooseFor(ReleaseArtifactKind kind, string? componentRuntime) =>
        new[] { Find(componentRuntime), Find(DefaultName) }.FirstOrDefault(e => e is not null && Runs(e, kind))
        ?? all.FirstOrDefault(e => Runs(e, kind));

    private bool Runs(IRuntime engine, ReleaseArtifactKind kind) => engine.CanRun(kind) && (!SeveralReplicas || engine.ServesEveryReplica);
}
