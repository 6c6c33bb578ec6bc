using BlazorConsole.Data.Writes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BlazorConsole.Data.Sqlite;

internal sealed class SqliteDeliveryWriterFactory(IDbContextFactory<ConsoleDbContext> dbFactory) : IDeliveryWriterFactory
{
    public async Task<IDeliveryWriter> OpenAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            // Opened through EF so the connection interceptor applies the pragmas (synchronous=NORMAL under WAL).
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new SqliteDeliveryWriter(db, (SqliteConnection)db.Database.GetDbConnection());
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// The delivery writer's SQL, prepared once on the writer's own connection; each batch runs in one transaction.
/// SQLite has one writer at a time, and this console process is the only one writing deliveries, so build numbers
/// are kept in memory after the first lookup.
/// </summary>
internal sealed class SqliteDeliveryWriter : IDeliveryWriter
{
    private readonly ConsoleDbContext db;
    private readonly Dictionary<Guid, int> lastBuildNumbers = [];
    private SqliteTransaction? transaction;

    private readonly SqliteCommand findBuilt;
    private readonly SqliteCommand insertDelivery;
    private readonly SqliteCommand insertBody;
    private readonly SqliteCommand maxNumber;
    private readonly SqliteCommand insertBuild;

    private readonly SqliteConnection connection;

    public SqliteDeliveryWriter(ConsoleDbContext db, SqliteConnection connection)
    {
        this.db = db;
        this.connection = connection;
        findBuilt = Command(connection,
            "SELECT Id FROM WebhookDeliveries WHERE ComponentId = $component AND ProviderDeliveryId = $delivery AND Decision IN ('Triggered', 'AwaitingApproval') ORDER BY Id LIMIT 1",
            ("$component", SqliteType.Text), ("$delivery", SqliteType.Text));
        insertDelivery = Command(connection,
            """
            INSERT INTO WebhookDeliveries (ComponentId, Provider, Event, ProviderDeliveryId, ReceivedAt, Status, Decision, Reason, Detail, Ref, CommitSha,
                CommitTitle, OriginalDeliveryId, RedeliveryOfId, Verified, HeadersJson, ContentType, BodyLength, BodySha256, BodyTruncated, DurationMs)
            VALUES ($component, $provider, $event, $delivery, $received, $status, $decision, $reason, $detail, $ref, $sha,
                $title, $original, $redelivery, $verified, $headers, $contentType, $bodyLength, $bodySha256, $bodyTruncated, $duration)
            RETURNING Id
            """,
            ("$component", SqliteType.Text), ("$provider", SqliteType.Text), ("$event", SqliteType.Text), ("$delivery", SqliteType.Text),
            ("$received", SqliteType.Integer), ("$status", SqliteType.Integer), ("$decision", SqliteType.Text), ("$reason", SqliteType.Text),
            ("$detail", SqliteType.Text), ("$ref", SqliteType.Text), ("$sha", SqliteType.Text), ("$title", SqliteType.Text),
            ("$original", SqliteType.Integer), ("$redelivery", SqliteType.Integer), ("$verified", SqliteType.Integer), ("$headers", SqliteType.Text),
            ("$contentType", SqliteType.Text), ("$bodyLength", SqliteType.Integer), ("$bodySha256", SqliteType.Text), ("$bodyTruncated", SqliteType.Integer),
            ("$duration", SqliteType.Real));
        insertBody = Command(connection,
            "INSERT INTO WebhookDeliveryBodies (DeliveryId, Content) VALUES ($id, $content)",
            ("$id", SqliteType.Integer), ("$content", SqliteType.Blob));
        maxNumber = Command(connection,
            "SELECT COALESCE(MAX(Number), 0) FROM Builds WHERE ComponentId = $component",
            ("$component", SqliteType.Text));
        insertBuild = Command(connection,
            """
            INSERT INTO Builds (ComponentId, Number, Trigger, Status, Ref, CommitSha, CommitMessage, CommitAuthor, CommitUrl, DeliveryId,
                RequestedByUserId, QueuedAt, StartedAt, FinishedAt, StatusDetail)
            VALUES ($component, $number, $trigger, $status, $ref, $sha, $message, $author, $url, $delivery, $requestedBy, $queued, NULL, NULL, $detail)
            RETURNING Id
            """,
            ("$component", SqliteType.Text), ("$number", SqliteType.Integer), ("$trigger", SqliteType.Text), ("$status", SqliteType.Text),
            ("$ref", SqliteType.Text), ("$sha", SqliteType.Text), ("$message", SqliteType.Text), ("$author", SqliteType.Text),
            ("$url", SqliteType.Text), ("$delivery", SqliteType.Integer), ("$requestedBy", SqliteType.Text), ("$queued", SqliteType.Integer),
            ("$detail", SqliteType.Text));
    }

    public async Task<long?> FindBuiltDeliveryAsync(Guid componentId, string providerDeliveryId)
    {
        Set(findBuilt, componentId, providerDeliveryId);
        return await findBuilt.ExecuteScalarAsync() is long id ? id : null;
    }

    public async Task<long> InsertDeliveryAsync(DeliveryRow d)
    {
        ArgumentNullException.ThrowIfNull(d);
        Set(insertDelivery, d.ComponentId, d.Provider, d.Event, d.ProviderDeliveryId, d.ReceivedAt.UtcTicks, d.Status, d.Decision.ToString(),
            d.Reason?.ToString(), d.Detail, d.Ref, d.CommitSha, d.CommitTitle, d.OriginalDeliveryId, d.RedeliveryOfId, d.Verified ? 1 : 0, d.HeadersJson,
            d.ContentType, d.BodyLength, d.BodySha256, d.BodyTruncated ? 1 : 0, d.DurationMs);
        var id = (long)(await insertDelivery.ExecuteScalarAsync())!;
        Set(insertBody, id, d.Body.ToArray());
        await insertBody.ExecuteNonQueryAsync();
        return id;
    }

    public async Task<int> NextBuildNumberAsync(Guid componentId)
    {
        if (!lastBuildNumbers.TryGetValue(componentId, out var last))
        {
            Set(maxNumber, componentId);
            last = Convert.ToInt32(await maxNumber.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return last + 1;
    }

    public async Task<long> InsertBuildAsync(BuildRow b)
    {
        ArgumentNullException.ThrowIfNull(b);
        Set(insertBuild, b.ComponentId, b.Number, b.Trigger.ToString(), b.Status.ToString(), b.Ref, b.CommitSha, b.CommitMessage, b.CommitAuthor,
            b.CommitUrl, b.DeliveryId, b.RequestedByUserId, b.QueuedAt.UtcTicks, b.StatusDetail);
        var id = (long)(await insertBuild.ExecuteScalarAsync())!;
        lastBuildNumbers[b.ComponentId] = b.Number;
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        foreach (var command in All)
        {
            command.Dispose();
        }

        await db.DisposeAsync();
    }

    private IEnumerable<SqliteCommand> All => [findBuilt, insertDelivery, insertBody, maxNumber, insertBuild];

    /// <summary>Starts the batch's transaction and enlists every statement in it (one writer: nothing to lock).</summary>
    public Task BeginBatchAsync(DeliveryBatchPlan plan)
    {
        transaction = connection.BeginTransaction();
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }

        return Task.CompletedTask;
    }

    public async Task<bool> CommitBatchAsync()
    {
        // SQLite's write lock covered the whole batch: what it read cannot be stale.
        await transaction!.CommitAsync();
        await transaction.DisposeAsync();
        transaction = null;
        return true;
    }

    public async Task RollbackBatchAsync()
    {
        // Numbers handed out in a rolled-back transaction were never used.
        lastBuildNumbers.Clear();
        if (transaction is not null)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string text, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
