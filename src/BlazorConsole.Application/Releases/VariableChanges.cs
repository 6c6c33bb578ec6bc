using System.Security.Claims;
using BlazorConsole.Pipeline.Runtime;
using BlazorConsole.Application.Auditing;

namespace BlazorConsole.Application.Releases;

/// <summary>Replaces a component's environment variables (API and Settings tab) and audits which names were set.</summary>
internal sealed class VariableChanges(ComponentVariableStore variables, AuditTrail audit)
{
    public const string AuditVariables = "variables-replaced";

    /// <returns>Null when saved, else why not (nothing is saved then, nor audited).</returns>
    public async Task<string?> ReplaceAsync(Guid componentId, IReadOnlyList<VariableInput> input, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(user);
        var error = await variables.ReplaceAsync(componentId, input, cancellationToken);
        if (error is null)
        {
            // Names only: values (secret or not) stay out of the audit log.
            await audit.RecordAsync(AuditVariables, user.RequiredUserId(), user.Identity?.Name, $"component {componentId}",
                input.Count == 0 ? "no variables" : string.Join(", ", input.Select(v => v.Name)), cancellationToken: CancellationToken.None);
        }

        return error;
    }
}
