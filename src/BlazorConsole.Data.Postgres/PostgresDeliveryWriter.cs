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
/// The delivery writer on PostgreSQL. A round trip to the server costs far more than a statement in SQLite, and the
/// component's lock is held for every round trip of a batch, so a batch usually costs one: the writer remembers what
/// its own last commit left (each component's highest build number, row ids taken from the sequences ahead of time),
/// answers the recorder's decisions from memory and sends BEGIN, the components' locks, the inserts and COMMIT
/// together. The insert statement first checks what was remembered against the database; when another host numbered
/// or recorded for these components meanwhile, it inserts nothing and the batch runs again the careful way — one
/// round trip to lock and read (highest numbers, deliveries that already built), then the inserts with COMMIT.
/// Several console hosts may write to the same database, so every batch takes a transaction-scoped advisory lock per
/// component (sorted, so two hosts never deadlock): numbers and duplicate checks are decided by one writer at a time.
/// </summary>
internal sealed class PostgresDeliveryWriter(NpgsqlConnection connection) : IDeliveryWriter
{
    // Ids reserved at the previous commit for the next batch; an unused one is a gap, as after a rollback.
    private const int ReservedIdsMin = 64;
    private const int ReservedIdsMax = 512;

    // What this session's last commit left in the database: valid until another host writes (checked at commit).
    private readonly Dictionary<Guid, int> committedHighestNumber = [];
    private readonly Queue<long> deliveryIds = new();
    private readonly Queue<long> buildIds = new();

    private readonly Dictionary<Guid, int> highestNumber = [];
    private readonly Dictionary<(Guid, string), long> builtDeliveries = [];
    private readonly List<(long Id, DeliveryRow Row)> deliveries = [];
    private readonly List<(long Id, BuildRow Row)> builds = [];
    private Guid[] components = [];
    private int[] expectedNumbers = [];
    private DeliveryBatchPlan? plan;
    // True when the batch was answered from memory: its transaction starts at commit, with a check of what was assumed.
    private bool fromMemory;
    // BEGIN and COMMIT are statements of the server batches (not an NpgsqlTransaction), so they cost no round trip of their own.
    private bool inTransaction;

    public async Task BeginBatchAsync(DeliveryBatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ClearBatch();
        this.plan = plan;
        components = plan.ComponentIds.Order().ToArray();
        fromMemory = components.All(committedHighestNumber.ContainsKey) && deliveryIds.Count >= plan.Deliveries && buildIds.Count >= plan.Deliveries;
        if (fromMemory)
        {
            expectedNumbers = components.Select(component => committedHighestNumber[component]).ToArray();
            foreach (var component in components)
            {
                highestNumber[component] = committedHighestNumber[component];
            }

            return;
        }

        inTransaction = true;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("BEGIN"),
                LockComponents(),
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

    public async Task<bool> CommitBatchAsync()
    {
        var reserve = Math.Clamp(2 * (plan?.Deliveries ?? 0), ReservedIdsMin, ReservedIdsMax);
        // The inserts, the COMMIT and the next batch's ids travel together: one round trip.
        await using var batch = new NpgsqlBatch(connection);
        if (fromMemory)
        {
            batch.BatchCommands.Add(Command("BEGIN"));
            batch.BatchCommands.Add(LockComponents());
            batch.BatchCommands.Add(CheckedInserts());
        }
        else
        {
            if (deliveries.Count > 0)
            {
                batch.BatchCommands.Add(Command(InsertDeliveriesSql(Unnest("p", 22)), DeliveryColumns()));
                batch.BatchCommands.Add(Command(InsertBodiesSql(Unnest("p", 2)), BodyColumns()));
            }

            if (builds.Count > 0)
            {
                batch.BatchCommands.Add(Command(InsertBuildsSql(Unnest("p", 14)), BuildColumns()));
            }
        }

        batch.BatchCommands.Add(Command("COMMIT"));
        batch.BatchCommands.Add(IdsCommand("WebhookDeliveries", Math.Max(reserve - deliveryIds.Count, 0)));
        batch.BatchCommands.Add(IdsCommand("Builds", Math.Max(reserve - buildIds.Count, 0)));
        var stale = false;
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            if (fromMemory)
            {
                // Skips the locks' result to the check's single row.
                await reader.NextResultAsync();
                await reader.ReadAsync();
                stale = reader.GetBoolean(0);
            }

            await ReadIdsAsync(reader, deliveryIds, first: !fromMemory);
            await ReadIdsAsync(reader, buildIds);
        }

        inTransaction = false;
        if (stale)
        {
            // Another host wrote for these components: nothing of this batch was inserted; the next attempt reads afresh.
            committedHighestNumber.Clear();
        }
        else
        {
            foreach (var (component, number) in highestNumber)
            {
                committedHighestNumber[component] = number;
            }
        }

        ClearBatch();
        return !stale;
    }

    public async Task RollbackBatchAsync()
    {
        ClearBatch();
        committedHighestNumber.Clear();
        if (inTransaction)
        {
            inTransaction = false;
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync();
        }
    }

    public Task<long?> FindBuiltDeliveryAsync(Guid componentId, string providerDeliveryId) =>
        // From memory, the batch's own deliveries only: the commit checks that none of the batch's delivery ids built before.
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
        // Under the component's advisory lock, or checked under it at commit: no other host numbers this component's builds meanwhile.
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

    // unnest keeps the array's order: every host locks in the same order.
    private NpgsqlBatchCommand LockComponents() =>
        Command("""SELECT pg_advisory_xact_lock(hashtextextended(c::text, 0)) FROM unnest(@p0) AS c""", components);

    /// <summary>
    /// The batch answered from memory, in one statement: under the components' locks it checks that their highest build
    /// numbers are still the remembered ones and that none of the batch's delivery ids has built meanwhile; only then
    /// are the rows inserted. Answers whether the memory was stale.
    /// </summary>
    private NpgsqlBatchCommand CheckedInserts()
    {
        const string WhenFresh = " WHERE NOT (SELECT stale FROM checked)";
        var command = new NpgsqlBatchCommand(
            $"""
            WITH expected(component, number) AS (SELECT * FROM unnest(@g0, @g1)),
            wanted(component, delivery) AS (SELECT * FROM unnest(@g2, @g3)),
            checked AS (
                SELECT EXISTS (SELECT 1 FROM expected e
                               WHERE COALESCE((SELECT b."Number" FROM "Builds" b WHERE b."ComponentId" = e.component ORDER BY b."Number" DESC LIMIT 1), 0) <> e.number)
                    OR EXISTS (SELECT 1 FROM "WebhookDeliveries" d JOIN wanted w ON d."ComponentId" = w.component AND d."ProviderDeliveryId" = w.delivery
                               WHERE d."Decision" IN ('Triggered', 'AwaitingApproval')) AS stale),
            new_deliveries AS ({InsertDeliveriesSql(Unnest("d", 22))}{WhenFresh}),
            new_bodies AS ({InsertBodiesSql(Unnest("b", 2))}{WhenFresh}),
            new_builds AS ({InsertBuildsSql(Unnest("u", 14))}{WhenFresh})
            SELECT stale FROM checked
            """);
        AddParameters(command, "g", [components, expectedNumbers,
            plan!.DeliveryIds.Select(d => d.ComponentId).ToArray(), plan.DeliveryIds.Select(d => d.ProviderDeliveryId).ToArray()]);
        AddParameters(command, "d", DeliveryColumns());
        AddParameters(command, "b", BodyColumns());
        AddParameters(command, "u", BuildColumns());
        return command;
    }

    private static string InsertDeliveriesSql(string rows) =>
        $"""
        INSERT INTO "WebhookDeliveries" ("Id", "ComponentId", "Provider", "Event", "ProviderDeliveryId", "ReceivedAt", "Status", "Decision", "Reason",
            "Detail", "Ref", "CommitSha", "CommitTitle", "OriginalDeliveryId", "RedeliveryOfId", "Verified", "HeadersJson", "ContentType", "BodyLength",
            "BodySha256", "BodyTruncated", "DurationMs")
        SELECT * FROM {rows}
        """;

    private static string InsertBodiesSql(string rows) => $"""INSERT INTO "WebhookDeliveryBodies" ("DeliveryId", "Content") SELECT * FROM {rows}""";

    private static string InsertBuildsSql(string rows) =>
        $"""
        INSERT INTO "Builds" ("Id", "ComponentId", "Number", "Trigger", "Status", "Ref", "CommitSha", "CommitMessage", "CommitAuthor", "CommitUrl",
            "DeliveryId", "RequestedByUserId", "QueuedAt", "StatusDetail")
        SELECT * FROM {rows}
        """;

    private object[] DeliveryColumns()
    {
        var rows = deliveries.Select(d => d.Row).ToList();
        return
        [
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
            rows.Select(r => r.DurationMs).ToArray(),
        ];
    }

    private object[] BodyColumns() => [deliveries.Select(d => d.Id).ToArray(), deliveries.Select(d => d.Row.Body.ToArray()).ToArray()];

    private object[] BuildColumns()
    {
        var rows = builds.Select(b => b.Row).ToList();
        return
        [
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
            Text(rows.Select(r => r.StatusDetail)),
        ];
    }

    private static string Unnest(string prefix, int count) =>
        $"unnest({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@{prefix}{i}"))})";

    /// <summary>Ids taken from the sequences before the rows exist, so the recorder can answer with them; unused ones are a gap, as after a rollback.</summary>
    // The identity column's own sequence ("<table>_Id_seq"), named as a constant so it is resolved once per plan, not
    // looked up in the catalog for every id.
    private static NpgsqlBatchCommand IdsCommand(string table, int count) =>
        Command($"""SELECT nextval('"{table}_Id_seq"'::regclass) FROM generate_series(1, @p0)""", count);

    /// <param name="first">The reader already stands on this result (the first statement of the batch that returns rows).</param>
    private static async Task ReadIdsAsync(NpgsqlDataReader reader, Queue<long> ids, bool first = false)
    {
        if (!first)
        {
            await reader.NextResultAsync();
        }

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
            await ReadIdsAsync(reader, ids, first: true);
        }

        return ids.Dequeue();
    }

    private void ClearBatch()
    {
        highestNumber.Clear();
        builtDeliveries.Clear();
        deliveries.Clear();
        builds.Clear();
        plan = null;
        fromMemory = false;
    }

    // Text columns are sent as text[]: PostgreSQL assigns them to varchar columns; a null array element is a NULL.
    private static string?[] Text(IEnumerable<string?> values) => [.. values];

    private static NpgsqlBatchCommand Command(string text, params object[] values)
    {
        var command = new NpgsqlBatchCommand(text);
        AddParameters(command, "p", values);
        return command;
    }

    private static void AddParameters(NpgsqlBatchCommand command, string prefix, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"{prefix}{i}", values[i]));
        }
    }
}
