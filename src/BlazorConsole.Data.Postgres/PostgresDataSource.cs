using Microsoft.Extensions.Options;
using Npgsql;

namespace BlazorConsole.Data.Postgres;

/// <summary>One connection pool for EF and the hand-written statements (claims, the delivery writer).</summary>
internal sealed class PostgresDataSource(IOptions<DatabaseOptions> options) : IDisposable
{
    private readonly Lazy<NpgsqlDataSource> source = new(() => NpgsqlDataSource.Create(options.Value.ConnectionString
        ?? throw new InvalidOperationException("ConnectionStrings:Console is not set (Database:Provider=Postgres).")));

    public NpgsqlDataSource Source => source.Value;

    public void Dispose()
    {
        if (source.IsValueCreated)
        {
            source.Value.Dispose();
        }
    }
}
