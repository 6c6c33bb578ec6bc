using Microsoft.Extensions.Options;
using Npgsql;

namespace BlazorConsole.Data.Postgres;

/// <summary>One connection pool for EF and the hand-written statements (claims, the delivery writer).</summary>
internal sealed class PostgresDataSource(IOptions<DatabaseOptions> options) : IDisposable
{
    private readonly Lazy<NpgsqlDataSource> source = new(() => Create(options.Value.ConnectionString
        ?? throw new InvalidOperationException("ConnectionStrings:Console is not set (Database:Provider=Postgres).")));

    public NpgsqlDataSource Source => source.Value;

    private static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            // The same few statements run all the time (the writer's batches, claims, EF's list queries): parsed and
            // planned once per connection instead of on every call. An explicit setting in the connection string wins.
            builder.MaxAutoPrepare = 64;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public void Dispose()
    {
        if (source.IsValueCreated)
        {
            source.Value.Dispose();
        }
    }
}
