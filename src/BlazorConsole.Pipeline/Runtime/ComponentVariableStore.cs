using System.Text.RegularExpressions;
using BlazorConsole.Data;
using BlazorConsole.Data.Secrets;
using BlazorConsole.Domain.Components;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Pipeline.Runtime;

/// <summary>
/// A component's environment variables. Secret values are encrypted with <see cref="SecretProtector"/> and never read
/// back out except into the release's process environment; a secret sent without a value keeps the stored one.
/// </summary>
public sealed partial class ComponentVariableStore(IDbContextFactory<ConsoleDbContext> dbFactory, SecretProtector secrets)
{
    /// <summary>Set by the runtime itself; a component variable of that name would move the app off its routed port.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "PORT", "ASPNETCORE_URLS", "PATH", "HOME", RuntimeEnvironment.ReleaseMarker,
    };

    public async Task<IReadOnlyList<VariableView>> ListAsync(Guid componentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ComponentVariables.AsNoTracking()
            .Where(v => v.ComponentId == componentId)
            .OrderBy(v => v.Name)
            .Select(v => new VariableView(v.Name, v.IsSecret ? null : v.Value, v.IsSecret))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Replaces the whole set; returns an error message (and changes nothing) when one entry is invalid.</summary>
    public async Task<string?> ReplaceAsync(Guid componentId, IReadOnlyList<VariableInput> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ComponentVariables.Where(v => v.ComponentId == componentId).ToDictionaryAsync(v => v.Name, StringComparer.Ordinal, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in variables)
        {
            var name = input.Name?.Trim() ?? "";
            if (!NamePattern().IsMatch(name))
            {
                return $"'{name}' is not a valid variable name: use letters, digits and '_', not starting with a digit.";
            }

            if (Reserved.Contains(name))
            {
                return $"{name} is set by the runtime and cannot be overridden.";
            }

            if (!seen.Add(name))
            {
                return $"{name} is listed twice.";
            }

            existing.TryGetValue(name, out var stored);
            if (input.Secret && input.Value is null && stored is not { IsSecret: true })
            {
                return $"{name}: enter a value for the secret.";
            }

            var row = stored ?? db.ComponentVariables.Add(new ComponentVariable { ComponentId = componentId, Name = name }).Entity;
            if (input.Secret)
            {
                if (input.Value is not null)
                {
                    row.ValueProtected = secrets.Protect(input.Value);
                }

                row.Value = null;
            }
            else
            {
                row.Value = input.Value ?? "";
                row.ValueProtected = null;
            }

            row.IsSecret = input.Secret;
        }

        db.ComponentVariables.RemoveRange(existing.Values.Where(v => !seen.Contains(v.Name)));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The plain values a release starts with, which of them are secret (to redact from the runtime log), and the names
    /// of secrets that no longer decrypt (left out and reported).
    /// </summary>
    public async Task<ResolvedVariables> ResolveAsync(Guid componentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ComponentVariables.AsNoTracking().Where(v => v.ComponentId == componentId).ToListAsync(cancellationToken);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unreadable = new List<string>();
        var secretValues = new List<string>();
        foreach (var row in rows)
        {
            if (!row.IsSecret)
            {
                values[row.Name] = row.Value ?? "";
            }
            else if (secrets.TryUnprotect(row.ValueProtected, out var plain))
            {
                values[row.Name] = plain;
                secretValues.Add(plain);
            }
            else
            {
                unreadable.Add(row.Name);
            }
        }

        return new ResolvedVariables(values, secretValues, unreadable);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,199}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

public sealed record ResolvedVariables(Dictionary<string, string> Values, IReadOnlyList<string> SecretValues, IReadOnlyList<string> Unreadable);

/// <summary>A variable as shown: secret values are never returned.</summary>
public sealed record VariableView(string Name, string? Value, bool Secret);

/// <summary>A variable as sent: a secret with a null value keeps its stored value.</summary>
public sealed record VariableInput(string Name, string? Value, bool Secret);
