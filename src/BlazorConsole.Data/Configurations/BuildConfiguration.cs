using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class BuildConfiguration : IEntityTypeConfiguration<Build>
{
    private const int ReplicaIdMaxLength = Leases.ReplicaOptions.ReplicaIdMaxLength;

    public void Configure(EntityTypeBuilder<Build> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Ignore(b => b.DomainEvents);
        // A transition saved through EF (approve, cancel, finish) only applies when the row is still in the state it was
        // read in: a worker's claim at the same moment wins or loses cleanly, never both.
        builder.Property(b => b.Status).IsConcurrencyToken();
        builder.HasIndex(b => new { b.ComponentId, b.Number }).IsUnique();
        builder.HasIndex(b => new { b.Status, b.Id });
        // One build at a time per component, enforced by the database: claims from several hosts (PostgreSQL) that pick
        // two builds of one component at once cannot both commit. Quoted identifiers read the same on both engines.
        builder.HasIndex(b => b.ComponentId, "IX_Builds_OneRunningPerComponent").IsUnique().HasFilter("\"Status\" = 'Running'");
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Trigger).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.DeployStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Ref).HasMaxLength(300);
        builder.Property(b => b.CommitSha).HasMaxLength(64);
        builder.Property(b => b.CommitMessage).HasMaxLength(4000);
        builder.Property(b => b.CommitAuthor).HasMaxLength(300);
        builder.Property(b => b.CommitUrl).HasMaxLength(2000);
        builder.Property(b => b.StatusDetail).HasMaxLength(2000);
        builder.Property(b => b.ClaimedBy).HasMaxLength(ReplicaIdMaxLength);
        builder.HasOne<Component>().WithMany().HasForeignKey(b => b.ComponentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(b => b.DeliveryId).OnDelete(DeleteBehavior.SetNull);
    }
}
