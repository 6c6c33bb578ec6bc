using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class ReleaseConfiguration : IEntityTypeConfiguration<Release>
{
    public void Configure(EntityTypeBuilder<Release> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ComponentId, r.Id });
        builder.HasIndex(r => new { r.IsCurrent, r.DesiredRunning });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Runtime).HasMaxLength(40);
        builder.Property(r => r.ArtifactLocation).HasMaxLength(2000);
        builder.Property(r => r.ArtifactKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.StartCommand).HasMaxLength(2000);
        builder.Property(r => r.HealthLog).HasMaxLength(8000);
        builder.Property(r => r.StatusDetail).HasMaxLength(2000);
        builder.HasOne<Component>().WithMany().HasForeignKey(r => r.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComponentVariableConfiguration : IEntityTypeConfiguration<ComponentVariable>
{
    public void Configure(EntityTypeBuilder<ComponentVariable> builder)
    {
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.ComponentId, v.Name }).IsUnique();
        builder.Property(v => v.Name).HasMaxLength(200);
        builder.Property(v => v.Value).HasMaxLength(8000);
        builder.Property(v => v.ValueProtected).HasMaxLength(16000);
        builder.HasOne<Component>().WithMany().HasForeignKey(v => v.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}
