using BlazorConsole.Data.Writes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data.Sqlite;

/// <summary>
/// The queue's state changes as single SQL statements, so the database decides who gets a build: a claim is an
/// <c>UPDATE … WHERE Status = 'Queued'</c> that only one writer can win, and a component with a Running build is
/// skipped (one build at a time per component). Column conventions follow the EF model: enums as names, instants as
/// UTC ticks.
/// </summary>
internal sealed class SqliteBuildClaims(IDbContextFactory<ConsoleDbContext> dbFactory) : IBuildClaimStore, IDisposable
{
    // Workers of this process take turns to claim, so they do not meet as SQLite "busy" writers.
    private readonly SemaphoreSlim claimGate = new(1, 1);

    /// <summary>Older Queued builds of a component that has a newer Queued one become Superseded; returns their components.</summary>
    public async Task<IReadOnlyList<Guid>> SupersedeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE Builds SET Status = 'Superseded', FinishedAt = $now,
                StatusDetail = 'superseded by build #' || (SELECT MAX(n.Number) FROM Builds n WHERE n.ComponentId = Builds.ComponentId AND n.Status = 'Queued')
            WHERE Status = 'Queued'
              AND EXISTS (SELECT 1 FROM Builds n WHERE n.ComponentId = Builds.ComponentId AND n.Status = 'Queued' AND n.Id > Builds.Id)
            RETURNING ComponentId
            """;
        var components = new List<Guid>();
        await RunAsync(sql, now, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                components.Add(Guid.Parse(reader.GetString(0)));
            }
        }, cancellationToken);
        return components.Distinct().ToList();
    }

    /// <summary>The oldest Queued build whose component has nothing Running, now Running; null when there is none.</summary>
    public async Task<ClaimedBuild?> ClaimNextAsync(DateTimeOffset now, string replicaId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE Builds SET Status = 'Running', StartedAt = $now, ClaimedBy = $replica
            WHERE Id = (SELECT b.Id FROM Builds b
                        WHERE b.Status = 'Queued'
                          AND NOT EXISTS (SELECT 1 FROM Builds r WHERE r.ComponentId = b.ComponentId AND r.Status = 'Running')
                        ORDER BY b.Id LIMIT 1)
              AND Status = 'Queued'
            RETURNING Id, ComponentId, Number
            """;
        ClaimedBuild? claimed = null;
        await RunAsync(sql, now, async command =>
        {
            command.Parameters.AddWithValue("$replica", replicaId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = new ClaimedBuild(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetInt32(2));
            }
        }, cancellationToken);
        return claimed;
    }

    public void Dispose() => claimGate.Dispose();

    private async Task RunAsync(string sql, DateTimeOffset now, Func<SqliteCommand, Task> execute, CancellationToken cancellationToken)
    {
        await claimGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            await execute(command);
        }
        finally
        {
            claimGate.Release();
        }
    }
}
