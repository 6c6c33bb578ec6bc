using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasKey(d => d.Id);
        // The delivery log pages newest first per component; duplicates are found by provider delivery id.
        builder.HasIndex(d => new { d.ComponentId, d.Id });
        builder.HasIndex(d => new { d.ComponentId, d.ProviderDeliveryId });
        builder.HasIndex(d => d.ReceivedAt);
        builder.Property(d => d.Provider).HasMaxLength(20);
        builder.Property(d => d.Event).HasMaxLength(100);
        builder.Property(d => d.ProviderDeliveryId).HasMaxLength(200);
        builder.Property(d => d.Decision).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Reason).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Detail).HasMaxLength(2000);
        builder.Property(d => d.Ref).HasMaxLength(300);
        builder.Property(d => d.CommitSha).HasMaxLength(64);
        builder.Property(d => d.CommitTitle).HasMaxLength(300);
        builder.Property(d => d.ContentType).HasMaxLength(200);
        builder.Property(d => d.HeadersJson).HasMaxLength(20000);
        builder.Property(d => d.BodySha256).HasMaxLength(64);
        builder.HasOne<Component>().WithMany().HasForeignKey(d => d.ComponentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Body).WithOne().HasForeignKey<WebhookDeliveryBody>(b => b.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryBodyConfiguration : IEntityTypeConfiguration<WebhookDeliveryBody>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryBody> builder) => builder.HasKey(b => b.DeliveryId);
}
