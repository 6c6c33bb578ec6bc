using BlazorConsole.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.HasKey(token => token.Id);
        builder.Property(token => token.Name).HasMaxLength(100);
        builder.Property(token => token.Prefix).HasMaxLength(ApiTokenFormat.PrefixLength);
        builder.Property(token => token.Hash).HasMaxLength(64);
        builder.HasIndex(token => token.Hash).IsUnique();
        builder.HasIndex(token => token.UserId);
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(token => token.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
