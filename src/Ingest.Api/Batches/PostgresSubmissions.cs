using Fleet.Infrastructure.Persistence;
using Npgsql;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Accepted submissions in PostgreSQL (<c>fleet.batch_submissions</c>): an idempotency key holds across API restarts
/// and replicas, and a batch reads as Submitted on every replica from the moment one of them accepted it.
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

    public async Task<SubmissionClaim> ClaimAsync(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var fingerprint = SubmissionFingerprint.Of(submission);
        await using var insert = await Command(
            "insert into fleet.batch_submissions(batch_id, fingerprint) values (@id, @fingerprint) on conflict (batch_id) do nothing",
            submission.BatchId, cancellationToken);
        insert.Parameters.AddWithValue("fingerprint", fingerprint);
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

    public async Task<bool> ContainsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var select = await Command("select 1 from fleet.batch_submissions where batch_id = @id", batchId, cancellationToken);
        return await select.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<NpgsqlCommand> Command(string sql, Guid batchId, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, await session.ConnectionAsync(cancellationToken), session.Transaction);
        command.Parameters.AddWithValue("id", batchId);
        return command;
    }
}
