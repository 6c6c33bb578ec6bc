using BlazorConsole.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.HasKey(member => new { member.TeamId, member.UserId });
        builder.HasIndex(member => member.UserId);
        builder.Property(member => member.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(member => member.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
