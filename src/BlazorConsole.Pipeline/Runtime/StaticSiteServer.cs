namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// Static sites have no start command: they run as a tiny Node.js file server (keep-alive, index.html, no directory
/// listing), or Python's http.server when Node.js is missing. Either way the site is one more supervised process, so
/// swaps, health checks and supervision are the same for every kind of app.
/// </summary>
internal static class StaticSiteServer
{
    public const string Script = """
        // Written by BlazorConsole: serves the working directory on 127.0.0.1:$PORT.
        const http = require('http'), fs = require('fs'), path = require('path');
        const root = process.cwd();
        const types = { '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
          '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
          '.gif': 'image/gif', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm', '.woff2': 'font/woff2' };
        const server = http.createServer((req, res) => {
          let rel;
          try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400); return res.end(); }
          let file = path.join(root, path.normalize(rel));
          if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
          fs.stat(file, (err, st) => {
            if (!err && st.isDirectory()) { file = path.join(file, 'index.html'); }
            fs.readFile(file, (err2, data) => {
              if (err2) { res.writeHead(404, { 'content-type': 'text/plain' }); return res.end('Not found'); }
              res.writeHead(200, { 'content-type': types[path.extname(file).toLowerCase()] || 'application/octet-stream' });
              res.end(data);
            });
          });
        });
        server.keepAliveTimeout = 65000;
        server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('static site on port ' + process.env.PORT));
        process.on('SIGTERM', () => server.close(() => process.exit(0)));
        """;

    /// <summary>The shell command that serves the working directory.</summary>
    /// <param name="path">PATH the command runs with (a sandbox's own).</param>
    public static string Command(string scriptPath, string? path = null) =>
        ToolExists("node", path)
            ? $"node '{scriptPath.Replace("'", "'\\''", StringComparison.Ordinal)}'"
            : "python3 -m http.server \"$PORT\" --bind 127.0.0.1";

    public static void EnsureScript(string scriptPath)
    {
        if (!File.Exists(scriptPath) || File.ReadAllText(scriptPath) != Script)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(scriptPath)!);
            File.WriteAllText(scriptPath, Script);
        }
    }

    internal static bool ToolExists(string name, string? path = null) =>
        (path ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}
