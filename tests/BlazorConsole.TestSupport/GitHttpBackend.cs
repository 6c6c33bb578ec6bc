using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BlazorConsole.TestSupport;

/// <summary>Runs git-http-backend (CGI) for one request: Git's own smart HTTP server, over the bare repositories of a directory.</summary>
public static class GitHttpBackend
{
    public const string Executable = "/usr/lib/git-core/git-http-backend";

    /// <param name="pathInfo">The repository path and Git's suffix, e.g. <c>/octocat/shop.git/info/refs</c>.</param>
    /// <param name="user">The authenticated user (REMOTE_USER), needed for pushes.</param>
    public static async Task ServeAsync(HttpContext context, string projectRoot, string pathInfo, string user)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        var request = context.Request;
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REMOTE_USER"] = user;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = pathInfo;
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        if (request.ContentType is { } contentType)
        {
            start.Environment["CONTENT_TYPE"] = contentType;
        }

        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var input = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });

        var output = process.StandardOutput.BaseStream;
        var (headers, bodyStart) = await ReadCgiHeadersAsync(output);
        var response = context.Response;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture);
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }

        await response.Body.WriteAsync(bodyStart);
        await output.CopyToAsync(response.Body);
        await input;
        await process.WaitForExitAsync();
        await stderr;
    }

    private static async Task<(List<(string Name, string Value)> Headers, byte[] BodyStart)> ReadCgiHeadersAsync(Stream output)
    {
        var buffer = new List<byte>(512);
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 2 && buffer[n - 1] == '\n' && (buffer[n - 2] == '\n' || (n >= 4 && buffer[n - 2] == '\r' && buffer[n - 3] == '\n')))
            {
                break;
            }
        }

        var headers = new List<(string, string)>();
        foreach (var line in Encoding.ASCII.GetString([.. buffer]).Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add((trimmed[..colon].Trim(), trimmed[(colon + 1)..].Trim()));
            }
        }

        return (headers, []);
    }
}
