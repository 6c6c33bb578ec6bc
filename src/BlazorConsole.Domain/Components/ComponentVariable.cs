namespace BlazorConsole.Domain.Components;

/// <summary>An environment variable a component's releases run with. Secret values are stored encrypted only.</summary>
public sealed class ComponentVariable
{
    public long Id { get; init; }

    public Guid ComponentId { get; init; }

    public required string Name { get; set; }

    /// <summary>Plain value of a non-secret variable; null for secret ones.</summary>
    public string? Value { get; set; }

    public bool IsSecret { get; set; }

    /// <summary>Data Protection form of a secret value; never shown again after entry.</summary>
    public string? ValueProtected { get; set; }
}
