using BlazorConsole.Data.Writes;
using BlazorConsole.Domain.Webhooks;
using Npgsql;
using NpgsqlTypes;

namespace BlazorConsole.Data.Postgres;

internal sealed class PostgresDeliveryWriterFactory(PostgresDataSource dataSource) : IDeliveryWriterFactory
{
    public async Task<IDeliveryWriter> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.Source.OpenConnectionAsync(cancellationToken);
        return new PostgresDeliveryWriter(connection);
    }
}

/// <summary>
/// The delivery writer on PostgreSQL. A round trip to the server costs far more than a statement in SQLite, so a batch
/// costs two whatever its size: at the start one server batch takes the locks and reads what the batch will ask
/// (highest build numbers, deliveries that already built, row ids from the sequences); the recorder's decisions are
/// then answered from memory; at commit the rows go in as three array inserts, then COMMIT.
/// Several console hosts may write to the same database, so the start takes a transaction-scoped advisory lock per
/// component (sorted, so two hosts never deadlock): numbers and duplicate checks are decided by one writer at a time
/// per component, and nothing is kept across batches.
/// </summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection connection) : IDeliveryWriter
{
    private readonly Dictionary<Guid, int> highestNumber = [];
    private readonly Dictionary<(Guid, string), long> builtDeliveries = [];
    private readonly Queue<long> deliveryIds = new();
    private readonly Queue<long> buildIds = new();
    private readonly List<(long Id, DeliveryRow Row)> deliveries = [];
    private readonly List<(long Id, BuildRow Row)> builds = [];
    // BEGIN and COMMIT are statements of the server batches (not an NpgsqlTransaction), so they cost no round trip of their own.
    private bool inTransaction;

    public async Task BeginBatchAsync(DeliveryBatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Clear();
        var components = plan.ComponentIds.Order().ToArray();
        inTransaction = true;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("BEGIN"),
                // unnest keeps the array's order: every host locks in the same order.
                Command("""SELECT pg_advisory_xact_lock(hashtextextended(c::text, 0)) FROM unnest(@p0) AS c""", components),
                // One index probe per component (newest number first, LIMIT 1): MAX with GROUP BY over ANY(...) would read
                // every build of the component, and the cost would grow with its history.
                Command(
                    """
                    SELECT c, COALESCE((SELECT b."Number" FROM "Builds" b WHERE b."ComponentId" = c ORDER BY b."Number" DESC LIMIT 1), 0)
                    FROM unnest(@p0) AS c
                    """,
                    components),
                Command(
                    """
                    SELECT d."ComponentId", d."ProviderDeliveryId", MIN(d."Id") FROM "WebhookDeliveries" d
                    JOIN unnest(@p0, @p1) AS wanted(component, delivery) ON d."ComponentId" = wanted.component AND d."ProviderDeliveryId" = wanted.delivery
                    WHERE d."Decision" IN ('Triggered', 'AwaitingApproval')
                    GROUP BY d."ComponentId", d."ProviderDeliveryId"
                    """,
                    plan.DeliveryIds.Select(d => d.ComponentId).ToArray(), plan.DeliveryIds.Select(d => d.ProviderDeliveryId).ToArray()),
                IdsCommand("WebhookDeliveries", plan.Deliveries),
                IdsCommand("Builds", plan.Deliveries),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        // The reader starts at the first statement that returns rows (BEGIN returns none): the locks' result.
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            highestNumber[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            builtDeliveries[(reader.GetGuid(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        await ReadIdsAsync(reader, deliveryIds);
        await ReadIdsAsync(reader, buildIds);
    }

    public async Task CommitBatchAsync()
    {
        // The inserts and the COMMIT travel together: one round trip.
        await using (var batch = new NpgsqlBatch(connection))
        {
            if (deliveries.Count > 0)
            {
                batch.BatchCommands.Add(InsertDeliveries());
                batch.BatchCommands.Add(Command(
                    """INSERT INTO "WebhookDeliveryBodies" ("DeliveryId", "Content") SELECT * FROM unnest(@p0, @p1)""",
                    deliveries.Select(d => d.Id).ToArray(), deliveries.Select(d => d.Row.Body.ToArray()).ToArray()));
            }

            if (builds.Count > 0)
            {
                batch.BatchCommands.Add(InsertBuilds());
            }

            batch.BatchCommands.Add(Command("COMMIT"));
            await batch.ExecuteNonQueryAsync();
        }

        inTransaction = false;
        Clear();
    }

    public async Task RollbackBatchAsync()
    {
        Clear();
        if (inTransaction)
        {
            inTransaction = false;
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync();
        }
    }

    public Task<long?> FindBuiltDeliveryAsync(Guid componentId, string providerDeliveryId) =>
        Task.FromResult<long?>(builtDeliveries.TryGetValue((componentId, providerDeliveryId), out var id) ? id : null);

    public async Task<long> InsertDeliveryAsync(DeliveryRow delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var id = await NextIdAsync(deliveryIds, "WebhookDeliveries");
        deliveries.Add((id, delivery));
        // Later drafts of this batch see it as built, as they would see a committed row.
        if (delivery is { Decision: WebhookDecision.Triggered or WebhookDecision.AwaitingApproval, ProviderDeliveryId: { } providerId })
        {
            builtDeliveries.TryAdd((delivery.ComponentId, providerId), id);
        }

        return id;
    }

    public Task<int> NextBuildNumberAsync(Guid componentId) =>
        // Under the component's advisory lock: no other host numbers this component's builds until this batch commits.
        Task.FromResult(highestNumber.GetValueOrDefault(componentId) + 1);

    public async Task<long> InsertBuildAsync(BuildRow build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var id = await NextIdAsync(buildIds, "Builds");
        builds.Add((id, build));
        highestNumber[build.ComponentId] = Math.Max(highestNumber.GetValueOrDefault(build.ComponentId), build.Number);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        // A connection returned to the pool mid-transaction is reset (rolled back) by Npgsql.
        await connection.DisposeAsync();
    }

    private NpgsqlBatchCommand InsertDeliveries()
    {
        var rows = deliveries.Select(d => d.Row).ToList();
        return Command(
            """
            INSERT INTO "WebhookDeliveries" ("Id", "ComponentId", "Provider", "Event", "ProviderDeliveryId", "ReceivedAt", "Status", "Decision", "Reason",
                "Detail", "Ref", "CommitSha", "CommitTitle", "OriginalDeliveryId", "RedeliveryOfId", "Verified", "HeadersJson", "ContentType", "BodyLength",
                "BodySha256", "BodyTruncated", "DurationMs")
            SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21)
            """,
            deliveries.Select(d => d.Id).ToArray(),
            rows.Select(r => r.ComponentId).ToArray(),
            Text(rows.Select(r => r.Provider)),
            Text(rows.Select(r => r.Event)),
            Text(rows.Select(r => r.ProviderDeliveryId)),
            rows.Select(r => r.ReceivedAt.ToUniversalTime()).ToArray(),
            rows.Select(r => r.Status).ToArray(),
            Text(rows.Select(r => r.Decision.ToString())),
            Text(rows.Select(r => r.Reason?.ToString())),
            Text(rows.Select(r => r.Detail)),
            Text(rows.Select(r => r.Ref)),
            Text(rows.Select(r => r.CommitSha)),
            Text(rows.Select(r => r.CommitTitle)),
            rows.Select(r => r.OriginalDeliveryId).ToArray(),
            rows.Select(r => r.RedeliveryOfId).ToArray(),
            rows.Select(r => r.Verified).ToArray(),
            Text(rows.Select(r => r.HeadersJson)),
            Text(rows.Select(r => r.ContentType)),
            rows.Select(r => r.BodyLength).ToArray(),
            Text(rows.Select(r => r.BodySha256)),
            rows.Select(r => r.BodyTruncated).ToArray(),
            rows.Select(r => r.DurationMs).ToArray());
    }

    private NpgsqlBatchCommand InsertBuilds()
    {
        var rows = builds.Select(b => b.Row).ToList();
        return Command(
            """
            INSERT INTO "Builds" ("Id", "ComponentId", "Number", "Trigger", "Status", "Ref", "CommitSha", "CommitMessage", "CommitAuthor", "CommitUrl",
                "DeliveryId", "RequestedByUserId", "QueuedAt", "StatusDetail")
            SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13)
            """,
            builds.Select(b => b.Id).ToArray(),
            rows.Select(r => r.ComponentId).ToArray(),
            rows.Select(r => r.Number).ToArray(),
            Text(rows.Select(r => r.Trigger.ToString())),
            Text(rows.Select(r => r.Status.ToString())),
            Text(rows.Select(r => r.Ref)),
            Text(rows.Select(r => r.CommitSha)),
            Text(rows.Select(r => r.CommitMessage)),
            Text(rows.Select(r => r.CommitAuthor)),
            Text(rows.Select(r => r.CommitUrl)),
            rows.Select(r => r.DeliveryId).ToArray(),
            Text(rows.Select(r => r.RequestedByUserId)),
            rows.Select(r => r.QueuedAt.ToUniversalTime()).ToArray(),
            Text(rows.Select(r => r.StatusDetail)));
    }

    /// <summary>Ids handed out before the rows exist, so the recorder can answer with them; unused ones are a gap, as after a rollback.</summary>
    // The identity column's own sequence ("<table>_Id_seq"), named as a constant so it is resolved once per plan, not
    // looked up in the catalog for every id.
    private static NpgsqlBatchCommand IdsCommand(string table, int count) =>
        Command($"""SELECT nextval('"{table}_Id_seq"'::regclass) FROM generate_series(1, @p0)""", Math.Max(count, 1));

    private static async Task ReadIdsAsync(NpgsqlDataReader reader, Queue<long> ids)
    {
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
            ids.Enqueue(reader.GetInt64(0));
        }
    }

    private async Task<long> NextIdAsync(Queue<long> ids, string table)
    {
        if (ids.Count == 0)
        {
            // More rows than planned (the plan counts one per delivery): one more round trip.
            await using var more = new NpgsqlBatch(connection) { BatchCommands = { IdsCommand(table, 16) } };
            await using var reader = await more.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Enqueue(reader.GetInt64(0));
            }
        }

        return ids.Dequeue();
    }

    private void Clear()
    {
        highestNumber.Clear();
        builtDeliveries.Clear();
        deliveryIds.Clear();
        buildIds.Clear();
        deliveries.Clear();
        builds.Clear();
    }

    // Text columns are sent as text[]: PostgreSQL assigns them to varchar columns; a null array element is a NULL.
    private static string?[] Text(IEnumerable<string?> values) => [.. values];

    private static NpgsqlBatchCommand Command(string text, params object[] values)
    {
        var command = new NpgsqlBatchCommand(text);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"p{i}", values[i]));
        }

        return command;
    }
}
