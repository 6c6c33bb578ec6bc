using BlazorConsole.Domain.GitProviders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class OAuthAuthorizationConfiguration : IEntityTypeConfiguration<OAuthAuthorization>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorization> builder)
    {
        builder.HasKey(pending => pending.Nonce);
        builder.Property(pending => pending.Nonce).HasMaxLength(64);
        builder.Property(pending => pending.RedirectUri).HasMaxLength(500);
        builder.HasIndex(pending => pending.ExpiresAt);
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(pending => pending.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OAuthService>().WithMany().HasForeignKey(pending => pending.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
