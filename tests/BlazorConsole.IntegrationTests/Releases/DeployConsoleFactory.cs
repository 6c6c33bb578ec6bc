using BlazorConsole.TestSupport;
using System.Net;
using BlazorConsole.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace BlazorConsole.IntegrationTests.Releases;

/// <summary>
/// The console on a real Kestrel port with short runtime timings (drain, grace, health timeout, backoff) so the deploy
/// tests stay quick; optionally over a given data directory (a console restart = a new factory over the same one).
/// </summary>
public class DeployConsoleFactory : KestrelConsoleFactory
{
    /// <summary>Null: the factory's own fresh data directory.</summary>
    protected virtual string? SharedDataDir => null;

    protected override string DatabaseIdentity => SharedDataDir ?? DataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (SharedDataDir is { } shared)
        {
            builder.UseSetting("Console:DataDir", shared);
        }

        builder.UseSetting("Runtime:DrainSeconds", "1");
        builder.UseSetting("Runtime:StopGraceSeconds", "2");
        builder.UseSetting("Runtime:HealthCheckTimeoutSeconds", "4");
        builder.UseSetting("Runtime:RestartBackoffSeconds", "0.2");
        builder.UseSetting("Runtime:CrashLoopThreshold", "3");
    }
}

/// <summary>A console over a given data directory: a console restart is a new one over the same directory.</summary>
public sealed class RestartableConsoleFactory(string dataDir) : DeployConsoleFactory
{
    protected override string? SharedDataDir => dataDir;

    // The test drops it (DropDatabaseOf) once the last console over the directory has stopped.
    protected override bool KeepsDatabase => true;

    public static Task DropDatabaseOfAsync(string dataDir) =>
        TestDatabases.Provider == BlazorConsole.Data.DatabaseProvider.Postgres
            ? TestDatabases.DropPostgresDatabaseAsync(TestDatabases.DatabaseNameFor(dataDir))
            : Task.CompletedTask;
}

/// <summary>Artifacts as the build pipeline leaves them: a static site directory, a tiny Node app using PORT.</summary>
public sealed class Artifacts : IDisposable
{
    // Traversable by others: sandboxed releases run as their own user and must reach their artifact.
    public string Root { get; } = TestDirectories.CreateTraversable("bc-art-").FullName;

    public string StaticSite(string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "static-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(directory, "index.html"), $"<html><body>{content}</body></html>");
        return directory;
    }

    /// <summary>A Node app answering <paramref name="content"/> plus what it sees in its environment; <paramref name="status"/> for every request.</summary>
    public string NodeApp(string content, int status = 200)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, "node-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(directory, "server.js"), $$"""
            const http = require('http');
            http.createServer((req, res) => {
              const env = `greeting=${process.env.GREETING || ''} secret=${process.env.API_SECRET || ''} console=${Object.keys(process.env).filter(k => k.startsWith('Console__')).length} cwd=${process.cwd()}`;
              res.writeHead({{status}}, { 'content-type': 'text/plain' });
              res.end('{{content}} ' + (req.url === '/env' ? env : ''));
            }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening; secret=' + (process.env.API_SECRET || '')));
            """);
        return directory;
    }

    /// <summary>A Node app that answers (so it passes its health check) and then exits with code 3 after <paramref name="lifetimeMs"/>.</summary>
    public string CrashingNodeApp(int lifetimeMs)
    {
        var directory = NodeApp("crashing");
        File.AppendAllText(Path.Combine(directory, "server.js"), $"\nsetTimeout(() => process.exit(3), {lifetimeMs});\n");
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
