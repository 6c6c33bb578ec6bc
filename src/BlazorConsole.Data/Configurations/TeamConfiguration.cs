using BlazorConsole.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasKey(team => team.Id);
        builder.Property(team => team.Slug).HasMaxLength(TeamSlug.MaxLength);
        builder.HasIndex(team => team.Slug).IsUnique();
        builder.Property(team => team.DisplayName).HasMaxLength(100);
        builder.HasMany(team => team.Members).WithOne().HasForeignKey(member => member.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
