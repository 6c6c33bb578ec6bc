using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorConsole.E2ETests.Infrastructure;

/// <summary>
/// The console as people run it: its built assembly started as a child process on a free loopback port
/// (Kestrel binds port 0 and reports the one it got), with a fresh data directory and a bootstrap admin.
/// </summary>
public sealed partial class ConsoleProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "e2e-admin-password-1";
    public const string AdminToken = "bct_e2e-bootstrap-token-000000000000000000";

    private readonly Process process;
    private readonly StringBuilder log = new();

    private ConsoleProcess(Process process, string dataDir)
    {
        this.process = process;
        DataDir = dataDir;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public string DataDir { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <param name="runBuildWorkers">Off by default: the recorded pushes name repositories on the internet.</param>
    /// <param name="deployAfterBuild">Deploy each successful build (the seed workflow); off by default.</param>
    public static async Task<ConsoleProcess> StartAsync(bool runBuildWorkers = false, bool deployAfterBuild = false)
    {
        var assembly = Metadata("ConsoleAssemblyPath");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build the solution first: {assembly} is missing.");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "bc-e2e-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Console__DataDir"] = dataDir;
        start.Environment["Console__Bootstrap__AdminEmail"] = AdminEmail;
        start.Environment["Console__Bootstrap__AdminPassword"] = AdminPassword;
        start.Environment["Console__Bootstrap__AdminApiToken"] = AdminToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The recorded pushes name repositories on the internet: builds stay Queued instead of reaching out, unless asked.
        start.Environment["Builds__RunWorkers"] = runBuildWorkers ? "true" : "false";
        start.Environment["Builds__DeployAfterBuild"] = deployAfterBuild ? "true" : "false";
        start.Environment["Outbound__AllowLoopback"] = "true"; // the fake provider and the git servers listen on 127.0.0.1
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var console = new ConsoleProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), dataDir);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        console.process.OutputDataReceived += (_, e) => console.OnLine(e.Data, listening);
        console.process.ErrorDataReceived += (_, e) => console.OnLine(e.Data, listening);
        console.process.BeginOutputReadLine();
        console.process.BeginErrorReadLine();

        var exited = console.process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            await console.DisposeAsync();
            throw new InvalidOperationException("The console did not start listening:\n" + console.Log);
        }

        console.BaseUrl = await listening.Task;
        await console.WaitUntilHealthyAsync();
        return console;
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("/healthz never answered 200:\n" + Log);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    internal static string Metadata(string key) =>
        typeof(ConsoleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
