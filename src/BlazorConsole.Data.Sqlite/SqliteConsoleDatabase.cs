using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data.Sqlite;

internal sealed class SqliteConsoleDatabase(Func<IServiceProvider, string> databasePath) : IConsoleDatabase
{
    public string Provider => "sqlite";

    public void Configure(IServiceProvider services, DbContextOptionsBuilder options) =>
        options.UseConsoleSqlite(SqliteDataServiceCollectionExtensions.ConnectionString(databasePath(services)));

    /// <summary>Applies committed migrations and switches the database to WAL (readers never wait for the writer).</summary>
    public async Task MigrateAsync(ConsoleDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
