using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data.Postgres;

internal sealed class PostgresConsoleDatabase(PostgresDataSource dataSource) : IConsoleDatabase
{
    public string Provider => "postgres";

    public void Configure(IServiceProvider services, DbContextOptionsBuilder builder) =>
        builder.UseConsolePostgres(dataSource.Source);

    public Task MigrateAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.MigrateAsync(cancellationToken);
    }
}
