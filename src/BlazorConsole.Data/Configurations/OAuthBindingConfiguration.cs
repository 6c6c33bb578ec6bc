using BlazorConsole.Domain.GitProviders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class OAuthBindingConfiguration : IEntityTypeConfiguration<OAuthBinding>
{
    public void Configure(EntityTypeBuilder<OAuthBinding> builder)
    {
        builder.HasKey(binding => binding.Id);
        builder.HasIndex(binding => new { binding.UserId, binding.ServiceId }).IsUnique();
        builder.HasIndex(binding => binding.ServiceId);
        builder.Property(binding => binding.ProviderUserId).HasMaxLength(100);
        builder.Property(binding => binding.ProviderLogin).HasMaxLength(200);
        builder.Property(binding => binding.ProviderEmail).HasMaxLength(320);
        builder.Property(binding => binding.GrantedScopes).HasMaxLength(1000);
        builder.Property(binding => binding.StatusReason).HasMaxLength(1000);
        builder.Property(binding => binding.RedirectUri).HasMaxLength(500);
        builder.Property(binding => binding.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(binding => binding.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OAuthService>().WithMany().HasForeignKey(binding => binding.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
