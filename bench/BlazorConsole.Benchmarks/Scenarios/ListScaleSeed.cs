using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using BlazorConsole.Application.Components;

namespace BlazorConsole.Benchmarks.Scenarios;

/// <summary>What <see cref="ListScaleSeed"/> put in the database, for the scenario to query.</summary>
internal sealed record SeededScale(Guid HotComponentId, int HotDeliveries, Guid NewTeamId, int Components, int Deliveries, int Builds);

/// <summary>
/// Fills a running console's database (SQLite or PostgreSQL) for list-scale, fast: raw prepared statements in large
/// transactions (no EF change tracking). The SQL is the same on both (quoted identifiers); values follow each engine's
/// column conventions (SQLite: GUIDs as text, instants as UTC ticks; PostgreSQL: uuid, timestamptz). Components spread over several teams and applications (the <c>default</c> team holds
/// 40%, six more teams 10% each); deliveries arrive in time order, interleaved across components, one component
/// ("hot") receiving 10% of them; triggered deliveries get a finished build each, numbered per component.
/// Delivery bodies live in their own table and are never read by the lists, so none are stored.
/// </summary>
internal static class ListScaleSeed
{
    private const int BatchSize = 50_000;

    private static bool postgres;

    /// <param name="sqlitePath">The SQLite file, or null for PostgreSQL at <paramref name="postgresConnection"/>.</param>
    public static async Task<SeededScale> RunAsync(string? sqlitePath, string? postgresConnection, int components, int deliveries, TextWriter progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        postgres = sqlitePath is null;
        await using DbConnection connection = postgres
            ? new NpgsqlConnection(postgresConnection)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, postgres
            ? "SET synchronous_commit = off;"
            : "PRAGMA busy_timeout=30000; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;", cancellationToken);

        var defaultTeam = await ScalarAsync(connection, "SELECT \"Id\" FROM \"Teams\" WHERE \"Slug\" = 'default'", cancellationToken) switch
        {
            Guid id => id,
            string text => Guid.Parse(text),
            var other => throw new InvalidOperationException($"No default team ({other})."),
        };
        var now = DateTimeOffset.UtcNow;
        var random = new Random(20261128);

        // Teams and applications.
        var teams = new List<Guid> { defaultTeam };
        var newTeam = Guid.NewGuid();
        var applications = new Dictionary<Guid, Guid[]>();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var insertTeam = Command(connection, transaction,
                """INSERT INTO "Teams" ("Id", "Slug", "DisplayName", "CreatedAt") VALUES (@id, @slug, @name, @created)""",
                ("@id", Kind.Id), ("@slug", Kind.Text), ("@name", Kind.Text), ("@created", Kind.Instant));
            for (var t = 1; t <= 7; t++)
            {
                // scale-new: one component, never a delivery (a team someone just created).
                var id = t == 7 ? newTeam : Guid.NewGuid();
                var slug = t == 7 ? "scale-new" : $"scale-{t}";
                await RunAsync(insertTeam, cancellationToken, id, slug, $"Scale team {slug}", now.AddDays(-120).UtcTicks);
                teams.Add(id);
            }

            await using var insertApplication = Command(connection, transaction,
                """INSERT INTO "Applications" ("Id", "TeamId", "Name", "CreatedAt") VALUES (@id, @team, @name, @created)""",
                ("@id", Kind.Id), ("@team", Kind.Id), ("@name", Kind.Text), ("@created", Kind.Instant));
            foreach (var team in teams)
            {
                var apps = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
                for (var a = 0; a < apps.Length; a++)
                {
                    await RunAsync(insertApplication, cancellationToken, apps[a], team, $"app-{a}", now.AddDays(-120).UtcTicks);
                }

                applications[team] = apps;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // Components: 40% default, 10% each in scale-1..6, one in scale-new.
        var componentIds = new Guid[components];
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var insertComponent = Command(connection, transaction,
                """
                INSERT INTO "Components" ("Id", "TeamId", "ApplicationId", "Name", "GitUrl", "Branch", "Environment", "TriggerKeyword", "KeywordInAnyCommit", "AutoBuild", "WebhookEnabled", "AllowUnsigned", "RequireApproval", "WebhookSecretProtected", "ApiTriggerKeyHash", "CreatedAt", "CreatedByUserId")
                VALUES (@id, @team, @app, @name, @url, @branch, @env, @keyword, FALSE, FALSE, TRUE, FALSE, @approval, @secret, @keyHash, @created, NULL)
                """,
                ("@id", Kind.Id), ("@team", Kind.Id), ("@app", Kind.Id), ("@name", Kind.Text), ("@url", Kind.Text),
                ("@branch", Kind.Text), ("@env", Kind.Text), ("@keyword", Kind.Text), ("@approval", Kind.Bool),
                ("@secret", Kind.Text), ("@keyHash", Kind.Text), ("@created", Kind.Instant));
            var defaultShare = components * 4 / 10;
            var perTeam = (components - defaultShare - 1) / 6;
            for (var i = 0; i < components; i++)
            {
                var team = i == components - 1 ? newTeam : i < defaultShare ? defaultTeam : teams[1 + Math.Min((i - defaultShare) / Math.Max(perTeam, 1), 5)];
                var id = Guid.NewGuid();
                componentIds[i] = id;
                var env = (i % 3) switch { 0 => "Development", 1 => "Test", _ => "Production" };
                await RunAsync(insertComponent, cancellationToken, id, team, applications[team][i % 10], $"svc-{i:00000}",
                    $"https://git.example.test/org-{i % 50}/svc-{i:00000}.git", i % 3 == 0 ? "develop" : "main", env,
                    env == "Development" ? "" : "@deploy", env == "Production", "CfDJ8" + new string('x', 120),
                    Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()), now.AddDays(-100).AddMinutes(i).UtcTicks);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        progress.WriteLine($"  {components:N0} components in {teams.Count} teams ({stopwatch.Elapsed.TotalSeconds:0.0} s)");

        // No ANALYZE: the console never runs it, so the planner sees what it sees in production.
        // Deliveries in time order over the last 60 days (inside the 90-day retention), builds for the triggered ones.
        var hot = componentIds[0];
        var withDeliveries = components - 1; // scale-new's component receives none
        var nextNumber = new Dictionary<Guid, int>();
        var hotDeliveries = 0;
        var builds = 0;
        var start = now.AddDays(-60).UtcTicks;
        var step = (now.UtcTicks - start) / deliveries;
        await using var insertDelivery = Command(connection, null,
            """
            INSERT INTO "WebhookDeliveries" ("ComponentId", "Provider", "Event", "ProviderDeliveryId", "ReceivedAt", "Status", "Decision", "Reason", "Detail", "Ref", "CommitSha", "CommitTitle", "OriginalDeliveryId", "RedeliveryOfId", "Verified", "HeadersJson", "ContentType", "BodyLength", "BodyTruncated", "DurationMs")
            VALUES (@component, 'github', 'push', @delivery, @received, @status, @decision, @reason, @detail, @ref, @sha,
                @title, NULL, NULL, TRUE, @headers, 'application/json', @bodyLength, FALSE, @duration)
            RETURNING "Id"
            """,
            ("@component", Kind.Id), ("@delivery", Kind.Text), ("@received", Kind.Instant), ("@status", Kind.Integer),
            ("@decision", Kind.Text), ("@reason", Kind.Text), ("@detail", Kind.Text), ("@ref", Kind.Text), ("@sha", Kind.Text),
            ("@title", Kind.Text), ("@headers", Kind.Text), ("@bodyLength", Kind.Integer), ("@duration", Kind.Real));
        await using var insertBuild = Command(connection, null,
            """
            INSERT INTO "Builds" ("ComponentId", "Number", "Trigger", "Status", "Ref", "CommitSha", "CommitMessage", "CommitAuthor", "CommitUrl", "DeliveryId", "RequestedByUserId", "QueuedAt", "StartedAt", "FinishedAt", "StatusDetail")
            VALUES (@component, @number, 'Webhook', @status, @ref, @sha, @message, 'Dev Eloper <dev@example.test>', @url, @delivery, NULL, @queued, @started, @finished, NULL)
            """,
            ("@component", Kind.Id), ("@number", Kind.Integer), ("@status", Kind.Text), ("@ref", Kind.Text),
            ("@sha", Kind.Text), ("@message", Kind.Text), ("@url", Kind.Text), ("@delivery", Kind.Integer),
            ("@queued", Kind.Instant), ("@started", Kind.Instant), ("@finished", Kind.Instant));
        var sha = new byte[20];
        for (var batch = 0; batch < deliveries; batch += BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            insertDelivery.Transaction = transaction;
            insertBuild.Transaction = transaction;
            for (var i = batch; i < Math.Min(batch + BatchSize, deliveries); i++)
            {
                var component = random.Next(10) == 0 ? hot : componentIds[random.Next(withDeliveries)];
                if (component == hot)
                {
                    hotDeliveries++;
                }

                random.NextBytes(sha);
                var commit = Convert.ToHexStringLower(sha);
                var received = start + (step * i);
                var roll = random.Next(100);
                var (status, decision, reason, detail) = roll switch
                {
                    < 30 => (202, "Triggered", (string?)null, (string?)null),
                    < 75 => (200, "Skipped", "KeywordMissing", "The head commit's message does not contain @deploy."),
                    < 85 => (200, "Skipped", "BranchMismatch", "refs/heads/feature/x does not match the component's branch main."),
                    < 95 => (200, "Duplicate", null, "Delivery already built."),
                    < 98 => (200, "Pong", null, null),
                    _ => (401, "Rejected", "BadSignature", "The X-Hub-Signature-256 header does not match the body."),
                };
                var title = $"Change {i}: update the service configuration and its tests";
                var deliveryGuid = Guid.NewGuid().ToString();
                var id = (long)(await RunScalarAsync(insertDelivery, cancellationToken, component, deliveryGuid, received, status, decision, reason, detail,
                    "refs/heads/main", commit, title,
                    $$"""{"Content-Type":"application/json","User-Agent":"GitHub-Hookshot/a1b2c3d","X-GitHub-Event":"push","X-GitHub-Delivery":"{{deliveryGuid}}","X-Hub-Signature-256":"***"}""",
                    7_000 + (i % 3_000), 1.5 + (i % 40) / 10.0))!;
                if (decision == "Triggered")
                {
                    var number = nextNumber[component] = nextNumber.GetValueOrDefault(component) + 1;
                    await RunAsync(insertBuild, cancellationToken, component, number, roll < 27 ? "Succeeded" : "Failed", "refs/heads/main", commit, title,
                        $"https://git.example.test/commit/{commit}", id, received, received + TimeSpan.TicksPerMillisecond * 50, received + TimeSpan.TicksPerSecond * 40);
                    builds++;
                }
            }

            await transaction.CommitAsync(cancellationToken);
            if ((batch / BatchSize) % 4 == 3)
            {
                progress.WriteLine($"  {Math.Min(batch + BatchSize, deliveries):N0} deliveries ({stopwatch.Elapsed.TotalSeconds:0.0} s)");
            }
        }

        if (!postgres)
        {
            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
        else
        {
            // What autovacuum does within a minute or two of these inserts (insert-triggered vacuum and auto-analyze,
            // PostgreSQL 13+): rows seeded in seconds are otherwise measured before any live database would have
            // marked them all-visible, and every index scan would visit the heap for each row it skips.
            await ExecuteAsync(connection, "VACUUM (ANALYZE) \"WebhookDeliveries\", \"Builds\", \"Components\";", cancellationToken);
        }
        progress.WriteLine($"seeded {components:N0} components, {deliveries:N0} deliveries ({hotDeliveries:N0} on the hot component), {builds:N0} builds in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return new SeededScale(hot, hotDeliveries, newTeam, components, deliveries, builds);
    }

    private enum Kind
    {
        Id,
        Instant,
        Text,
        Integer,
        Real,
        Bool,
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, Kind Kind)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, kind) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = kind switch
            {
                Kind.Id => postgres ? DbType.Guid : DbType.String, // SQLite: the upper-case text EF writes
                Kind.Instant => postgres ? DbType.DateTimeOffset : DbType.Int64, // SQLite: UTC ticks
                Kind.Text => DbType.String,
                Kind.Integer => DbType.Int64,
                Kind.Real => DbType.Double,
                _ => DbType.Boolean,
            };
            if (parameter is NpgsqlParameter npgsql && kind == Kind.Integer)
            {
                npgsql.DbType = DbType.Int32; // int columns (status, number, length) except the delivery id, set below
            }

            command.Parameters.Add(parameter);
        }

        if (postgres && parameters.Any(p => p is ("@delivery", Kind.Integer)))
        {
            command.Parameters["@delivery"].DbType = DbType.Int64;
        }

        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.Parameters[i];
            parameter.Value = values[i] switch
            {
                null => DBNull.Value,
                long ticks when parameter.DbType == DbType.DateTimeOffset => new DateTimeOffset(ticks, TimeSpan.Zero),
                Guid id when parameter.DbType == DbType.String => id.ToString().ToUpperInvariant(),
                long number when parameter.DbType == DbType.Int32 => checked((int)number),
                var value => value,
            };
        }
    }

    private static async Task RunAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        Set(command, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> RunScalarAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        Set(command, values);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600; // VACUUM over a million rows may take longer than the default 30 s
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
