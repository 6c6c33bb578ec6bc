using Microsoft.Extensions.Options;

namespace BlazorConsole.Web.Hosting;

/// <summary>
/// Several replicas (<c>Redis:Configuration</c> set) share state only through what every one of them reaches: the
/// start stops with the setting to fix when one is missing, rather than replicas that silently disagree.
/// </summary>
internal sealed class ReplicaSettingsValidation(IConfiguration configuration) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ReplicaMode.IsOn(configuration))
        {
            return ValidateOptionsResult.Success;
        }

        const string Mode = "Redis:Configuration is set, so this console runs as one of several replicas: ";
        var problems = new List<string>();
        if (!string.Equals(configuration["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Mode + "they share their state through PostgreSQL only. Set Database:Provider=Postgres and ConnectionStrings:Console.");
        }

        if (!options.KeysInDatabase)
        {
            problems.Add(Mode + "set Console:KeysInDatabase=true, so that every replica decrypts the secrets the others stored.");
        }

        if (options.SharedDirFullPath is null)
        {
            problems.Add(Mode + "set Console:SharedDir to a directory every replica mounts (build logs are read from there by any replica).");
        }

        if (!string.Equals(configuration["Runtime:Default"], "docker", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Mode + "releases run on Docker only (Runtime:Default=docker and one Docker:Endpoint for all): the process runtime "
                + "runs an app as a child of the replica that started it, which no other replica can route to, restart or stop.");
        }

        if (string.Equals(configuration["Docker:KeepContainersOnShutdown"], "false", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Mode + "Docker:KeepContainersOnShutdown must stay true: the replicas manage the same containers, and one that stops "
                + "would take every app of the console down with it.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
