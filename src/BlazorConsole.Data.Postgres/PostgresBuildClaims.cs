using BlazorConsole.Data.Writes;
using Npgsql;

namespace BlazorConsole.Data.Postgres;

/// <summary>
/// The queue's claims on PostgreSQL. A worker locks the oldest claimable row with <c>FOR UPDATE SKIP LOCKED</c>, so
/// workers of several hosts take different builds without waiting on each other; the partial unique index
/// "one Running build per component" turns the rare race of two hosts picking two builds of one component into a
/// unique violation, after which the loser tries the next candidate.
/// </summary>
internal sealed class PostgresBuildClaims(PostgresDataSource dataSource) : IBuildClaimStore
{
    private const int ClaimAttempts = 5;

    public async Task<IReadOnlyList<Guid>> SupersedeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A build a worker is claiming right now is row-locked: this UPDATE waits for it, re-reads it as Running and leaves it.
        const string sql = """
            UPDATE "Builds" AS b SET "Status" = 'Superseded', "FinishedAt" = @now,
                "StatusDetail" = 'superseded by build #' || (SELECT MAX(n."Number") FROM "Builds" n WHERE n."ComponentId" = b."ComponentId" AND n."Status" = 'Queued')
            WHERE b."Status" = 'Queued'
              AND EXISTS (SELECT 1 FROM "Builds" n WHERE n."ComponentId" = b."ComponentId" AND n."Status" = 'Queued' AND n."Id" > b."Id")
            RETURNING b."ComponentId"
            """;
        var components = new List<Guid>();
        await using var connection = await dataSource.Source.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            components.Add(reader.GetGuid(0));
        }

        return components.Distinct().ToList();
    }

    public async Task<ClaimedBuild?> ClaimNextAsync(DateTimeOffset now, string replicaId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH next AS (
                SELECT b."Id" FROM "Builds" b
                WHERE b."Status" = 'Queued'
                  AND NOT EXISTS (SELECT 1 FROM "Builds" r WHERE r."ComponentId" = b."ComponentId" AND r."Status" = 'Running')
                ORDER BY b."Id" LIMIT 1
                FOR UPDATE SKIP LOCKED)
            UPDATE "Builds" AS b SET "Status" = 'Running', "StartedAt" = @now, "ClaimedBy" = @replica
            FROM next WHERE b."Id" = next."Id"
            RETURNING b."Id", b."ComponentId", b."Number"
            """;
        await using var connection = await dataSource.Source.OpenConnectionAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("now", now.ToUniversalTime());
                command.Parameters.AddWithValue("replica", replicaId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken)
                    ? new ClaimedBuild(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt32(2))
                    : null;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < ClaimAttempts)
            {
                // Another host started a build of the same component a moment ago; the next attempt sees it Running.
            }
        }
    }
}
