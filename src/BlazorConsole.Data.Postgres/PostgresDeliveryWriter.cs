using BlazorConsole.Data.Writes;
using Npgsql;
using NpgsqlTypes;

namespace BlazorConsole.Data.Postgres;

internal sealed class PostgresDeliveryWriterFactory(PostgresDataSource dataSource) : IDeliveryWriterFactory
{
    public async Task<IDeliveryWriter> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.Source.OpenConnectionAsync(cancellationToken);
        try
        {
            return await PostgresDeliveryWriter.PrepareAsync(connection, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// The delivery writer's SQL on PostgreSQL, prepared once on the writer's own connection; each batch runs in one
/// transaction. Several console hosts may write to the same database, so a batch first takes a transaction-scoped
/// advisory lock per component it touches (sorted, so two hosts never deadlock): the duplicate check and the
/// next build number are then decided by one writer at a time per component, and nothing is cached across batches.
/// </summary>
internal sealed class PostgresDeliveryWriter : IDeliveryWriter
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlCommand lockComponents;
    private readonly NpgsqlCommand findBuilt;
    private readonly NpgsqlCommand insertDelivery;
    private readonly NpgsqlCommand insertBody;
    private readonly NpgsqlCommand maxNumber;
    private readonly NpgsqlCommand insertBuild;
    private NpgsqlTransaction? transaction;

    private PostgresDeliveryWriter(NpgsqlConnection connection)
    {
        this.connection = connection;
        lockComponents = Command(
            """SELECT pg_advisory_xact_lock(hashtextextended(c::text, 0)) FROM unnest(@components) AS c""",
            ("components", NpgsqlDbType.Array | NpgsqlDbType.Uuid));
        findBuilt = Command(
            """SELECT "Id" FROM "WebhookDeliveries" WHERE "ComponentId" = @component AND "ProviderDeliveryId" = @delivery AND "Decision" IN ('Triggered', 'AwaitingApproval') ORDER BY "Id" LIMIT 1""",
            ("component", NpgsqlDbType.Uuid), ("delivery", NpgsqlDbType.Varchar));
        insertDelivery = Command(
            """
            INSERT INTO "WebhookDeliveries" ("ComponentId", "Provider", "Event", "ProviderDeliveryId", "ReceivedAt", "Status", "Decision", "Reason", "Detail",
                "Ref", "CommitSha", "CommitTitle", "OriginalDeliveryId", "RedeliveryOfId", "Verified", "HeadersJson", "ContentType", "BodyLength",
                "BodySha256", "BodyTruncated", "DurationMs")
            VALUES (@component, @provider, @event, @delivery, @received, @status, @decision, @reason, @detail, @ref, @sha, @title, @original, @redelivery,
                @verified, @headers, @contentType, @bodyLength, @bodySha256, @bodyTruncated, @duration)
            RETURNING "Id"
            """,
            ("component", NpgsqlDbType.Uuid), ("provider", NpgsqlDbType.Varchar), ("event", NpgsqlDbType.Varchar), ("delivery", NpgsqlDbType.Varchar),
            ("received", NpgsqlDbType.TimestampTz), ("status", NpgsqlDbType.Integer), ("decision", NpgsqlDbType.Varchar), ("reason", NpgsqlDbType.Varchar),
            ("detail", NpgsqlDbType.Varchar), ("ref", NpgsqlDbType.Varchar), ("sha", NpgsqlDbType.Varchar), ("title", NpgsqlDbType.Varchar),
            ("original", NpgsqlDbType.Bigint), ("redelivery", NpgsqlDbType.Bigint), ("verified", NpgsqlDbType.Boolean), ("headers", NpgsqlDbType.Varchar),
            ("contentType", NpgsqlDbType.Varchar), ("bodyLength", NpgsqlDbType.Integer), ("bodySha256", NpgsqlDbType.Varchar),
            ("bodyTruncated", NpgsqlDbType.Boolean), ("duration", NpgsqlDbType.Double));
        insertBody = Command(
            """INSERT INTO "WebhookDeliveryBodies" ("DeliveryId", "Content") VALUES (@id, @content)""",
            ("id", NpgsqlDbType.Bigint), ("content", NpgsqlDbType.Bytea));
        maxNumber = Command(
            """SELECT COALESCE(MAX("Number"), 0) FROM "Builds" WHERE "ComponentId" = @component""",
            ("component", NpgsqlDbType.Uuid));
        insertBuild = Command(
            """
            INSERT INTO "Builds" ("ComponentId", "Number", "Trigger", "Status", "Ref", "CommitSha", "CommitMessage", "CommitAuthor", "CommitUrl", "DeliveryId",
                "RequestedByUserId", "QueuedAt", "StartedAt", "FinishedAt", "StatusDetail")
            VALUES (@component, @number, @trigger, @status, @ref, @sha, @message, @author, @url, @delivery, @requestedBy, @queued, NULL, NULL, @detail)
            RETURNING "Id"
            """,
            ("component", NpgsqlDbType.Uuid), ("number", NpgsqlDbType.Integer), ("trigger", NpgsqlDbType.Varchar), ("status", NpgsqlDbType.Varchar),
            ("ref", NpgsqlDbType.Varchar), ("sha", NpgsqlDbType.Varchar), ("message", NpgsqlDbType.Varchar), ("author", NpgsqlDbType.Varchar),
            ("url", NpgsqlDbType.Varchar), ("delivery", NpgsqlDbType.Bigint), ("requestedBy", NpgsqlDbType.Text), ("queued", NpgsqlDbType.TimestampTz),
            ("detail", NpgsqlDbType.Varchar));
    }

    private IEnumerable<NpgsqlCommand> All => [lockComponents, findBuilt, insertDelivery, insertBody, maxNumber, insertBuild];

    public static async Task<PostgresDeliveryWriter> PrepareAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var writer = new PostgresDeliveryWriter(connection);
        foreach (var command in writer.All)
        {
            await command.PrepareAsync(cancellationToken);
        }

        return writer;
    }

    public async Task BeginBatchAsync(IReadOnlyCollection<Guid> componentIds)
    {
        ArgumentNullException.ThrowIfNull(componentIds);
        transaction = await connection.BeginTransactionAsync();
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }

        // The same order on every host (unnest keeps the array's order), so two batches never wait on each other in a cycle.
        Set(lockComponents, componentIds.Order().ToArray());
        await lockComponents.ExecuteNonQueryAsync();
    }

    public async Task CommitBatchAsync()
    {
        await transaction!.CommitAsync();
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async Task RollbackBatchAsync()
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    public async Task<long?> FindBuiltDeliveryAsync(Guid componentId, string providerDeliveryId)
    {
        Set(findBuilt, componentId, providerDeliveryId);
        return await findBuilt.ExecuteScalarAsync() is long id ? id : null;
    }

    public async Task<long> InsertDeliveryAsync(DeliveryRow d)
    {
        ArgumentNullException.ThrowIfNull(d);
        Set(insertDelivery, d.ComponentId, d.Provider, d.Event, d.ProviderDeliveryId, d.ReceivedAt.ToUniversalTime(), d.Status, d.Decision.ToString(),
            d.Reason?.ToString(), d.Detail, d.Ref, d.CommitSha, d.CommitTitle, d.OriginalDeliveryId, d.RedeliveryOfId, d.Verified, d.HeadersJson,
            d.ContentType, d.BodyLength, d.BodySha256, d.BodyTruncated, d.DurationMs);
        var id = (long)(await insertDelivery.ExecuteScalarAsync())!;
        Set(insertBody, id, d.Body.ToArray());
        await insertBody.ExecuteNonQueryAsync();
        return id;
    }

    public async Task<int> NextBuildNumberAsync(Guid componentId)
    {
        // Under the component's advisory lock: no other host numbers this component's builds until this batch commits.
        Set(maxNumber, componentId);
        return Convert.ToInt32(await maxNumber.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) + 1;
    }

    public async Task<long> InsertBuildAsync(BuildRow b)
    {
        ArgumentNullException.ThrowIfNull(b);
        Set(insertBuild, b.ComponentId, b.Number, b.Trigger.ToString(), b.Status.ToString(), b.Ref, b.CommitSha, b.CommitMessage, b.CommitAuthor,
            b.CommitUrl, b.DeliveryId, b.RequestedByUserId, b.QueuedAt.ToUniversalTime(), b.StatusDetail);
        return (long)(await insertBuild.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        foreach (var command in All)
        {
            await command.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string text, params (string Name, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlCommand(text, connection);
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type));
        }

        return command;
    }

    private static void Set(NpgsqlCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
