using BlazorConsole.Domain.GitProviders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class OAuthServiceConfiguration : IEntityTypeConfiguration<OAuthService>
{
    public void Configure(EntityTypeBuilder<OAuthService> builder)
    {
        builder.HasKey(service => service.Id);
        builder.Property(service => service.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(service => service.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(service => service.Name).HasMaxLength(100);
        builder.Property(service => service.ServiceAddress).HasMaxLength(500);
        builder.Property(service => service.ApiUrl).HasMaxLength(500);
        builder.Property(service => service.AuthorizeUrl).HasMaxLength(500);
        builder.Property(service => service.TokenUrl).HasMaxLength(500);
        builder.Property(service => service.CallbackAddress).HasMaxLength(500);
        builder.Property(service => service.ClientId).HasMaxLength(200);
        builder.HasIndex(service => new { service.Scope, service.OwnerUserId });
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(service => service.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
