using Npgsql;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>The ledger in PostgreSQL: shared by every ingest replica and kept across restarts.</summary>
public sealed class PostgresBucketDropLedger(NpgsqlDataSource dataSource) : IBucketDropLedger
{
    public const string MigrationName = "0310_bucket_drop_events";

    public const string MigrationSql = """
        create table if not exists fleet.bucket_drop_events(
            event_id text primary key,
            bucket text not null,
            key text not null,
            batch_id uuid not null,
            submitted boolean not null default false,
            received_at timestamptz not null default now());
        create index if not exists bucket_drop_events_batch on fleet.bucket_drop_events (batch_id);
        """;

    public async Task<IReadOnlyDictionary<string, DropClaim>> ClaimAsync(IReadOnlyCollection<ObjectCreated> events, Guid candidate,
        CancellationToken cancellationToken)
    {
        var distinct = events.DistinctBy(e => e.Identity).ToList();
        var ids = distinct.Select(e => e.Identity).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            insert into fleet.bucket_drop_events(event_id, bucket, key, batch_id)
            select e.id, e.bucket, e.key, @batch from unnest(@ids, @buckets, @keys) as e(id, bucket, key)
            on conflict (event_id) do nothing
            """, connection))
        {
            insert.Parameters.AddWithValue("batch", candidate);
            insert.Parameters.AddWithValue("ids", ids);
            insert.Parameters.AddWithValue("buckets", distinct.Select(e => e.Bucket).ToArray());
            insert.Parameters.AddWithValue("keys", distinct.Select(e => e.Key).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // A statement of its own, so it also sees rows another replica committed while the insert waited on them.
        await using var select = new NpgsqlCommand(
            "select event_id, batch_id, submitted from fleet.bucket_drop_events where event_id = any(@ids)", connection);
        select.Parameters.AddWithValue("ids", ids);
        var claims = new Dictionary<string, DropClaim>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            claims[reader.GetString(0)] = new DropClaim(reader.GetGuid(1), reader.GetBoolean(2));
        return claims;
    }

    public async Task<IReadOnlyList<string>> KeysAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            "select distinct key from fleet.bucket_drop_events where batch_id = @batch");
        select.Parameters.AddWithValue("batch", batchId);
        var keys = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(reader.GetString(0));
        // The order of .NET's ordinal comparison, which the in-memory ledger and the batch's fingerprint use too.
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async Task MarkSubmittedAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand("update fleet.bucket_drop_events set submitted = true where batch_id = @batch and not submitted");
        update.Parameters.AddWithValue("batch", batchId);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
