using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BlazorConsole.Data.Postgres;

/// <summary>
/// Instants are <c>timestamp with time zone</c>, which Npgsql only writes in UTC: every DateTimeOffset is normalized
/// on the way in, so a provider's "+08:00" timestamp is stored, not refused.
/// </summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    private static readonly ValueConverter<DateTimeOffset, DateTimeOffset> ToUtc = new(value => value.ToUniversalTime(), value => value);

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
            {
                property.SetValueConverter(ToUtc);
            }
        }
    }
}
