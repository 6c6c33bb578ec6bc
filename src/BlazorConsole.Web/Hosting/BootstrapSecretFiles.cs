using BlazorConsole.Domain.Access;
using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Hosting;

/// <summary>
/// Reads <c>Console:Bootstrap:AdminPasswordFile</c> and <c>AdminApiTokenFile</c> into the values they stand for, then
/// checks the bootstrap settings as a whole at start, before any account is created: a value and its file both set, a
/// file that cannot be read, or an API token of the wrong form stop the start with the reason, leaving no half-made admin.
/// </summary>
internal sealed class BootstrapSecretFiles : IPostConfigureOptions<ConsoleOptions>, IValidateOptions<ConsoleOptions>
{
    private const string Prefix = ConsoleOptions.SectionName + ":Bootstrap:";

    public void PostConfigure(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bootstrap = options.Bootstrap;
        bootstrap.FileProblems.Clear();
        bootstrap.AdminPassword = Resolve(bootstrap, "AdminPassword", bootstrap.AdminPassword, bootstrap.AdminPasswordFile);
        bootstrap.AdminApiToken = Resolve(bootstrap, "AdminApiToken", bootstrap.AdminApiToken, bootstrap.AdminApiTokenFile);
    }

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Bootstrap.FileProblems);
        if (!string.IsNullOrEmpty(options.Bootstrap.AdminApiToken) && !ApiTokenFormat.LooksValid(options.Bootstrap.AdminApiToken))
        {
            // Checked here rather than after the admin is created: a bad token must not leave an admin without it.
            problems.Add($"{Prefix}AdminApiToken must start with '{ApiTokenFormat.Marker}' and have 21 to 199 characters.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string? Resolve(BootstrapOptions bootstrap, string key, string? value, string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return value;
        }

        if (!string.IsNullOrEmpty(value))
        {
            bootstrap.FileProblems.Add($"{Prefix}{key} and {Prefix}{key}File are both set: set one of them (the file is preferred).");
            return value;
        }

        try
        {
            // Secrets mounted by Docker or Kubernetes, or written with echo, end with a newline that is not part of them.
            var content = File.ReadAllText(file).TrimEnd('\r', '\n');
            if (content.Length == 0)
            {
                bootstrap.FileProblems.Add($"{Prefix}{key}File: {file} is empty.");
                return null;
            }

            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            bootstrap.FileProblems.Add($"{Prefix}{key}File: {file} cannot be read ({e.Message}).");
            return null;
        }
    }
}
