using BlazorConsole.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Action).HasMaxLength(60);
        builder.Property(entry => entry.ActorName).HasMaxLength(256);
        builder.Property(entry => entry.Target).HasMaxLength(256);
        builder.Property(entry => entry.Detail).HasMaxLength(2000);
        builder.Property(entry => entry.RemoteIp).HasMaxLength(64);
        builder.HasIndex(entry => entry.At);
        // Deliberately no foreign key to users: the trail outlives the accounts it mentions.
    }
}
