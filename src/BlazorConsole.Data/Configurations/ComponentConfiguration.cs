using BlazorConsole.Domain.Components;
using BlazorConsole.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorConsole.Data.Configurations;

internal sealed class ComponentConfiguration : IEntityTypeConfiguration<Component>
{
    public void Configure(EntityTypeBuilder<Component> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(ComponentName.MaxLength);
        builder.HasIndex(c => new { c.TeamId, c.Name }).IsUnique();
        builder.HasIndex(c => c.ApplicationId);
        builder.Property(c => c.GitUrl).HasMaxLength(2000);
        builder.Property(c => c.RepoFullName).HasMaxLength(400);
        builder.Property(c => c.GitUsername).HasMaxLength(200);
        builder.Property(c => c.DeployKeyPublic).HasMaxLength(2000);
        builder.Property(c => c.Branch).HasMaxLength(250);
        builder.Property(c => c.RefPattern).HasMaxLength(250);
        builder.Property(c => c.TriggerKeyword).HasMaxLength(100);
        builder.Property(c => c.Environment).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ApiTriggerKeyHash).HasMaxLength(64);
        builder.Property(c => c.ProviderHookId).HasMaxLength(100);
        builder.Property(c => c.DetectedLanguage).HasMaxLength(40);
        builder.Property(c => c.DetectedLanguageEvidence).HasMaxLength(260);
        builder.Property(c => c.LanguageDetectedCommitSha).HasMaxLength(64);
        builder.Property(c => c.LanguageOverride).HasMaxLength(40);
        builder.Property(c => c.Runtime).HasMaxLength(40);
        builder.Property(c => c.DockerfilePath).HasMaxLength(260);
        builder.Property(c => c.DockerTarget).HasMaxLength(100);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Application>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
