using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data;

/// <summary>The database engine behind <see cref="ConsoleDbContext"/>: its name, its options and its migrations.</summary>
public interface IConsoleDatabase
{
    /// <summary><c>sqlite</c> or <c>postgres</c>: for logs and benchmark lines.</summary>
    string Provider { get; }

    /// <summary>Points a context's options at this engine (connection, migrations assembly, conventions, interceptors).</summary>
    void Configure(IServiceProvider services, DbContextOptionsBuilder options);

    /// <summary>Applies the engine's committed migrations (and its one-time settings, e.g. SQLite's WAL).</summary>
    Task MigrateAsync(ConsoleDbContext db, CancellationToken cancellationToken);
}

/// <summary>Which engine stores the console's state (<c>Database</c> section; see appsettings.sample.json).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The connection string's name under <c>ConnectionStrings</c> (used by PostgreSQL).</summary>
    public const string ConnectionStringName = "Console";

    /// <summary><c>Sqlite</c> (default: a file under the data directory) or <c>Postgres</c> (<c>ConnectionStrings:Console</c>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:Console</c>; required for PostgreSQL, ignored by SQLite.</summary>
    public string? ConnectionString { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class ConsoleDatabaseExtensions
{
    /// <summary>True when the exception says the database could not be reached or refused the statement (not a bug in the caller).</summary>
    public static bool IsDatabaseFailure(this Exception exception) =>
        exception is DbUpdateException or System.Data.Common.DbException or TimeoutException
        // Npgsql's execution strategy wraps a transient failure (a reset connection) in "likely due to a transient failure".
        || (exception is InvalidOperationException { InnerException: { } inner } && inner.IsDatabaseFailure());
}
