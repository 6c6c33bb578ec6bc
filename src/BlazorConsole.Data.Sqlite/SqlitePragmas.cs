using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BlazorConsole.Data.Sqlite;

/// <summary>
/// Per-connection SQLite settings. With WAL, <c>synchronous=NORMAL</c> keeps every committed transaction through a
/// process crash (only an OS crash or power loss can drop the last commits) and avoids an fsync per commit.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
