using Fleet.Infrastructure.Persistence;
using Npgsql;

namespace Fleet.IntegrationTests.Batches;

/// <summary>The unit of work as a consumed message sees it: one open connection and its transaction.</summary>
public sealed class TestDbSession(NpgsqlConnection connection, NpgsqlTransaction? transaction) : IDbSession
{
    public ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(connection);

    public NpgsqlTransaction? Transaction => transaction;

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("Fleet__Database__ConnectionString") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5433;Username=fleet;Password=fleet;Database=fleet";
}
