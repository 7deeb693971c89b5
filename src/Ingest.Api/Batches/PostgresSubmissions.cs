using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Accepted submissions in PostgreSQL (<c>fleet.batch_submissions</c>): an idempotency key holds across API restarts
/// and replicas, a batch reads as Submitted on every replica from the moment one of them accepted it, and a tenant's
/// batches are listed and counted from here.
/// </summary>
public sealed class PostgresSubmissions(IDbSession session) : ISubmissions
{
    public const string MigrationName = "0200_batch_submissions";

    public const string MigrationSql = """
        create table if not exists fleet.batch_submissions(
            batch_id uuid primary key,
            fingerprint text not null,
            submitted_at timestamptz not null default now());
        """;

    public const string TenantsMigrationName = "0201_batch_submissions_tenants";

    /// <summary>Who submitted, with what tag and callback, the command without its keys, and how the batch ended.</summary>
    public const string TenantsMigrationSql = """
        alter table fleet.batch_submissions
            add column seq bigserial,
            add column tenant text not null default 'default',
            add column tag text,
            add column callback_url text,
            add column command jsonb,
            add column ended boolean not null default false,
            add column callback jsonb;
        create index batch_submissions_tenant on fleet.batch_submissions (tenant, seq);
        create index batch_submissions_running on fleet.batch_submissions (tenant) where not ended;
        """;

    private const string Columns = "batch_id, seq, tenant, tag, callback_url, command::text, submitted_at, ended, callback::text";

    private static readonly JsonSerializerOptions Json = new(ResultJson.Options) { WriteIndented = false };

    public async Task<SubmissionClaim> ClaimAsync(Submission submission, CancellationToken cancellationToken)
    {
        var fingerprint = SubmissionFingerprint.Of(submission);
        await using var insert = await Command("""
            insert into fleet.batch_submissions(batch_id, fingerprint, tenant, tag, callback_url, command, submitted_at)
            values (@id, @fingerprint, @tenant, @tag, @callback, @command::jsonb, @at) on conflict (batch_id) do nothing
            """, submission.BatchId, cancellationToken);
        insert.Parameters.AddWithValue("fingerprint", fingerprint);
        insert.Parameters.AddWithValue("tenant", submission.Tenant);
        insert.Parameters.Add(new NpgsqlParameter("tag", NpgsqlDbType.Text) { Value = (object?)submission.Tag ?? DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("callback", NpgsqlDbType.Text) { Value = (object?)submission.CallbackUrl ?? DBNull.Value });
        insert.Parameters.AddWithValue("command", JsonSerializer.Serialize(submission.Command with { Keys = null }, Json));
        insert.Parameters.AddWithValue("at", submission.SubmittedAt.ToUniversalTime());
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            return SubmissionClaim.Claimed;

        await using var select = await Command("select fingerprint from fleet.batch_submissions where batch_id = @id", submission.BatchId, cancellationToken);
        var stored = (string?)await select.ExecuteScalarAsync(cancellationToken);
        return stored == fingerprint ? SubmissionClaim.Repeated : SubmissionClaim.Conflict;
    }

    public async Task ReleaseAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var delete = await Command("delete from fleet.batch_submissions where batch_id = @id", batchId, cancellationToken);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Submission?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var select = await Command($"select {Columns} from fleet.batch_submissions where batch_id = @id and command is not null", batchId, cancellationToken);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader).Submission : null;
    }

    public async Task<SubmissionPage> ListAsync(string tenant, string? tag, long? after, int limit, CancellationToken cancellationToken)
    {
        await using var select = await Command($"""
            select {Columns} from fleet.batch_submissions
            where tenant = @tenant and command is not null and (@tag::text is null or tag = @tag) and (@after::bigint is null or seq < @after)
            order by seq desc limit @limit
            """, null, cancellationToken);
        select.Parameters.AddWithValue("tenant", tenant);
        select.Parameters.Add(new NpgsqlParameter("tag", NpgsqlDbType.Text) { Value = (object?)tag ?? DBNull.Value });
        select.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Bigint) { Value = (object?)after ?? DBNull.Value });
        select.Parameters.AddWithValue("limit", limit + 1);
        var rows = new List<(Submission Submission, long Sequence)>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(Read(reader));
        }
        var items = rows.Take(limit).ToList();
        return new SubmissionPage(items.Select(r => r.Submission).ToList(), rows.Count > limit ? items[^1].Sequence : null);
    }

    public async Task<IReadOnlyList<Submission>> ListRunningAsync(int limit, CancellationToken cancellationToken)
    {
        await using var select = await Command($"select {Columns} from fleet.batch_submissions where not ended and command is not null order by seq desc limit @limit",
            null, cancellationToken);
        select.Parameters.AddWithValue("limit", limit);
        var running = new List<Submission>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            running.Add(Read(reader).Submission);
        return running;
    }

    public async Task<int> CountRunningAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var count = await Command("select count(*)::int from fleet.batch_submissions where tenant = @tenant and not ended", null, cancellationToken);
        count.Parameters.AddWithValue("tenant", tenant);
        return (int)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task EndAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var update = await Command("update fleet.batch_submissions set ended = true where batch_id = @id", batchId, cancellationToken);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordCallbackAsync(Guid batchId, CallbackDelivery delivery, CancellationToken cancellationToken)
    {
        await using var update = await Command("update fleet.batch_submissions set callback = @callback::jsonb where batch_id = @id", batchId, cancellationToken);
        update.Parameters.AddWithValue("callback", JsonSerializer.Serialize(delivery, Json));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (Submission Submission, long Sequence) Read(NpgsqlDataReader reader)
    {
        var command = JsonSerializer.Deserialize<SubmitBatch>(reader.GetString(5), Json)!;
        var callback = reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<CallbackDelivery>(reader.GetString(8), Json);
        var submission = new Submission(command, reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7), callback);
        return (submission, reader.GetInt64(1));
    }

    private async Task<NpgsqlCommand> Command(string sql, Guid? batchId, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, await session.ConnectionAsync(cancellationToken), session.Transaction);
        if (batchId is { } id)
            command.Parameters.AddWithValue("id", id);
        return command;
    }
}
