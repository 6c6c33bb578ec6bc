using BlazorConsole.Pipeline.Detection;

namespace BlazorConsole.Pipeline.Buildpacks;

/// <summary>
/// Python: the sources are copied to the artifact directory, a venv is created there (<c>.venv</c>, so its absolute
/// paths stay valid) and <c>pip install -r requirements.txt</c> installs the dependencies into it.
/// </summary>
public sealed class PythonBuildpack : IBuildpack
{
    private static readonly string[] EntryFiles = ["app.py", "main.py", "server.py", "wsgi.py"];

    public AppLanguage Language => AppLanguage.Python;

    public string Name => "Python (venv + pip)";

    public IReadOnlyList<string> RequiredTools { get; } = ["python3"];

    public async Task<string?> BuildAsync(BuildpackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = context.ArtifactDirectory;
        DirectoryCopy.Copy(context.SourceDirectory, app, cancellationToken: cancellationToken);
        KeyValuePair<string, string>[] environment =
        [
            new("PIP_CACHE_DIR", context.Cache("pip")),
            new("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
            new("PIP_NO_INPUT", "1"),
            new("PYTHONUNBUFFERED", "1"),
        ];

        await context.RunAsync("python3", ["-m", "venv", ".venv"], cancellationToken, app, environment).ConfigureAwait(false);
        var python = Path.Combine(app, ".venv", "bin", "python");
        if (File.Exists(Path.Combine(app, "requirements.txt")))
        {
            await context.RunAsync(python, ["-m", "pip", "install", "-r", "requirements.txt"], cancellationToken, app, environment).ConfigureAwait(false);
        }
        else
        {
            context.Log.Write($"No requirements.txt: no dependencies installed (found {context.Detected.Evidence}).");
        }

        return File.Exists(Path.Combine(app, "manage.py")) ? ".venv/bin/python manage.py runserver 0.0.0.0:$PORT"
            : EntryFiles.FirstOrDefault(f => File.Exists(Path.Combine(app, f))) is { } entry ? ".venv/bin/python " + entry
            : null;
    }
}
