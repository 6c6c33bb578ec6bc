using BlazorConsole.Domain.Builds;
using BlazorConsole.Domain.Webhooks;
using Microsoft.Data.Sqlite;

namespace BlazorConsole.Web.Features.Webhooks;

/// <summary>The delivery writer's SQL, prepared once on the writer's own connection; each batch runs in one transaction.</summary>
internal sealed class DeliveryStatements : IDisposable
{
    private readonly SqliteCommand findBuilt;
    private readonly SqliteCommand insertDelivery;
    private readonly SqliteCommand insertBody;
    private readonly SqliteCommand maxNumber;
    private readonly SqliteCommand insertBuild;

    private readonly SqliteConnection connection;

    public DeliveryStatements(SqliteConnection connection)
    {
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

    public async Task<long> InsertDeliveryAsync(DeliveryDraft d, long? originalId)
    {
        Set(insertDelivery, d.ComponentId, d.Provider, d.Event, d.ProviderDeliveryId, d.ReceivedAt.UtcTicks, d.Status, d.Decision.ToString(),
            d.Reason?.ToString(), d.Detail, d.Ref, d.CommitSha, d.CommitTitle, originalId, d.RedeliveryOfId, d.Verified ? 1 : 0, d.HeadersJson,
            d.ContentType, d.ReceivedBodyLength, d.BodySha256, d.BodyTruncated ? 1 : 0, d.DurationMs);
        var id = (long)(await insertDelivery.ExecuteScalarAsync())!;
        Set(insertBody, id, d.Body.ToArray());
        await insertBody.ExecuteNonQueryAsync();
        return id;
    }

    public async Task<int> MaxBuildNumberAsync(Guid componentId)
    {
        Set(maxNumber, componentId);
        return Convert.ToInt32(await maxNumber.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> InsertBuildAsync(Guid componentId, int number, BuildRequest b, long? deliveryId, DateTimeOffset queuedAt)
    {
        Set(insertBuild, componentId, number, b.Trigger.ToString(), b.Status.ToString(), b.Ref, b.CommitSha, b.CommitMessage, b.CommitAuthor,
            b.CommitUrl, deliveryId, b.RequestedByUserId, queuedAt.UtcTicks, b.StatusDetail);
        return (long)(await insertBuild.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        foreach (var command in All)
        {
            command.Dispose();
        }
    }

    private IEnumerable<SqliteCommand> All => [findBuilt, insertDelivery, insertBody, maxNumber, insertBuild];

    /// <summary>Starts the batch's transaction and enlists every statement in it.</summary>
    public SqliteTransaction Begin()
    {
        var transaction = connection.BeginTransaction();
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }

        return transaction;
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
