using System.Runtime.CompilerServices;
using System.Text.Json;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// The ledger in PostgreSQL (<c>fleet.batch_documents</c>, see <see cref="BatchDocumentsSchema"/>). Every statement
/// runs on the unit of work's connection and, inside a consumed message, in its transaction. Scoped, like the session.
/// </summary>
public sealed class PostgresBatchDocuments(IDbSession session) : IBatchDocuments
{
    private static readonly JsonSerializerOptions EntryJson = new(ResultJson.Options) { WriteIndented = false };

    public async Task AddAsync(Guid batchId, IReadOnlyList<ListedDocument> documents, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
            return;
        const string sql = """
            INSERT INTO fleet.batch_documents
                (batch_id, document_id, sequence, input_key, output_key_base, same_content_as, status, outcome, reason, pages, entry, state, progress_at)
            SELECT @batch, d.id, d.seq, d.key, d.base, d.same,
                   CASE WHEN d.refusal IS NULL THEN 'waiting' ELSE 'finished' END,
                   CASE WHEN d.refusal IS NULL THEN NULL ELSE 'failed' END,
                   d.refusal,
                   CASE WHEN d.refusal IS NULL THEN NULL ELSE 0 END,
                   d.entry::jsonb,
                   CASE WHEN d.refusal IS NULL THEN 'Listed' ELSE 'Refused' END,
                   now()
            FROM unnest(@ids, @seqs, @keys, @bases, @same, @refusals, @entries) AS d(id, seq, key, base, same, refusal, entry)
            ON CONFLICT DO NOTHING
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("ids", documents.Select(d => d.DocumentId).ToArray());
        command.Parameters.AddWithValue("seqs", documents.Select(d => d.Sequence).ToArray());
        command.Parameters.AddWithValue("keys", documents.Select(d => d.Key).ToArray());
        command.Parameters.AddWithValue("bases", documents.Select(d => d.OutputKeyBase).ToArray());
        command.Parameters.Add(new NpgsqlParameter<Guid?[]>("same", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = documents.Select(d => d.SameContentAs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("refusals", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = documents.Select(d => d.Refusal).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("entries", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            TypedValue = documents.Select(d => d.Refusal is null ? null : JsonSerializer.Serialize(d.RefusalEntry(), EntryJson)).ToArray(),
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Guid>> OutputKeyBaseOwnersAsync(Guid batchId, IReadOnlyCollection<string> outputKeyBases,
        CancellationToken cancellationToken = default)
    {
        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (outputKeyBases.Count == 0)
            return owners;
        await using var command = await Command(
            "SELECT output_key_base, document_id FROM fleet.batch_documents WHERE batch_id = @batch AND output_key_base = ANY(@bases)",
            cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("bases", outputKeyBases.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            owners.TryAdd(reader.GetString(0), reader.GetGuid(1));
        return owners;
    }

    public async Task<IReadOnlyList<ListedDocument>> StartNextAsync(Guid batchId, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (max <= 0)
            return [];
        // The status check is repeated in the UPDATE so that a concurrent dispatcher's rows are re-checked, never taken
        // twice. The ids go through an array rather than a join: a join planned on stale statistics (a batch listed a
        // moment ago) can turn into a nested loop over the whole batch.
        const string sql = """
            UPDATE fleet.batch_documents u SET status = 'active', state = 'Dispatched', progress_at = @now
            WHERE u.batch_id = @batch AND u.status = 'waiting' AND u.document_id = ANY(ARRAY(
                SELECT d.document_id FROM fleet.batch_documents d
                WHERE d.batch_id = @batch AND d.status = 'waiting'
                  AND (d.same_content_as IS NULL OR EXISTS (
                        SELECT 1 FROM fleet.batch_documents f
                        WHERE f.batch_id = d.batch_id AND f.document_id = d.same_content_as AND f.status = 'finished'))
                ORDER BY d.sequence
                LIMIT @max
                FOR UPDATE SKIP LOCKED))
            RETURNING u.document_id, u.sequence, u.input_key, u.output_key_base, u.same_content_as
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        var started = new List<ListedDocument>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                started.Add(new ListedDocument(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4)));
            }
        }
        started.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return started;
    }

    public async Task RecordProgressAsync(Guid batchId, Guid documentId, string state, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = await Command(
            "UPDATE fleet.batch_documents SET state = @state, progress_at = @now WHERE batch_id = @batch AND document_id = @document AND status = 'active'",
            cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> FinishAsync(Guid batchId, Guid documentId, ManifestDocument entry, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE fleet.batch_documents
            SET status = 'finished', outcome = @outcome, reason = @reason, pages = @pages, reused = @reused, entry = @entry::jsonb, state = 'Finished'
            WHERE batch_id = @batch AND document_id = @document AND status = 'active'
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("document", documentId);
        command.Parameters.AddWithValue("outcome", entry.Status);
        command.Parameters.AddWithValue("reason", (object?)entry.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("pages", entry.Pages.Total);
        command.Parameters.AddWithValue("reused", entry.Reused);
        command.Parameters.AddWithValue("entry", JsonSerializer.Serialize(entry, EntryJson));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> CancelWaitingAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        // The entry is the one ListedDocument.CancelledEntry makes, built here from each row's key.
        var template = JsonSerializer.Serialize(new ListedDocument(Guid.Empty, 0, "", "").CancelledEntry(), EntryJson);
        const string sql = """
            UPDATE fleet.batch_documents
            SET status = 'finished', outcome = 'cancelled', reason = (@entry::jsonb)->>'reason', pages = 0,
                entry = jsonb_set(@entry::jsonb, '{key}', to_jsonb(input_key)), state = 'Cancelled'
            WHERE batch_id = @batch AND status = 'waiting'
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("entry", template);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ManifestDocument?> EntryAsync(Guid batchId, Guid documentId, CancellationToken cancellationToken = default)
    {
        await using var command = await Command(
            "SELECT entry::text FROM fleet.batch_documents WHERE batch_id = @batch AND document_id = @document AND status = 'finished'",
            cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("document", documentId);
        return await command.ExecuteScalarAsync(cancellationToken) is string entry
            ? JsonSerializer.Deserialize<ManifestDocument>(entry, EntryJson)
            : null;
    }

    public async Task<BatchDocumentTotals> TotalsAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT count(*)::int,
                   count(*) FILTER (WHERE status = 'waiting')::int,
                   count(*) FILTER (WHERE status = 'active')::int,
                   count(*) FILTER (WHERE status = 'finished')::int,
                   count(*) FILTER (WHERE outcome = 'succeeded')::int,
                   count(*) FILTER (WHERE outcome = 'failed')::int,
                   count(*) FILTER (WHERE outcome = 'succeeded' AND reused)::int,
                   coalesce(sum((entry->'pages'->>'total')::int) FILTER (WHERE outcome = 'succeeded'), 0)::int,
                   coalesce(sum((entry->'pages'->>'textLayer')::int) FILTER (WHERE outcome = 'succeeded'), 0)::int,
                   coalesce(sum((entry->'pages'->>'ocr')::int) FILTER (WHERE outcome = 'succeeded'), 0)::int,
                   coalesce(sum((entry->'pages'->>'lowConfidence')::int) FILTER (WHERE outcome = 'succeeded'), 0)::int,
                   coalesce(sum((entry->'pages'->>'total')::int) FILTER (WHERE outcome = 'succeeded' AND NOT reused), 0)::int,
                   coalesce((SELECT array_agg(engine ORDER BY engine COLLATE "C")
                             FROM (SELECT DISTINCT e AS engine
                                   FROM fleet.batch_documents f, jsonb_array_elements_text(f.entry->'engines') AS e
                                   WHERE f.batch_id = @batch AND f.status = 'finished') engines), '{}')
            FROM fleet.batch_documents WHERE batch_id = @batch
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BatchDocumentTotals(
            reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6),
            new PageCounts(reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10)),
            reader.GetInt32(11),
            reader.GetFieldValue<string[]>(12));
    }

    public async IAsyncEnumerable<ManifestDocument> FinishedEntriesAsync(Guid batchId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = await Command(
            """SELECT entry::text FROM fleet.batch_documents WHERE batch_id = @batch AND status = 'finished' ORDER BY input_key COLLATE "C" """,
            cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        // Rows are read from the server as they are written out, not gathered first.
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return JsonSerializer.Deserialize<ManifestDocument>(reader.GetString(0), EntryJson)!;
    }

    public async Task<BatchDocumentPage> PageAsync(Guid batchId, BatchDocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        const string sql = """
            SELECT document_id, sequence, input_key, status, outcome, pages, reason, entry->'pages' FROM fleet.batch_documents
            WHERE batch_id = @batch AND sequence > @after
            ORDER BY sequence
            LIMIT @limit
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("after", after?.AfterSequence ?? -1L);
        command.Parameters.AddWithValue("limit", limit + 1);
        var items = new List<BatchDocumentView>();
        long lastSequence = -1;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }
            var status = reader.GetString(3) switch
            {
                "finished" => reader.GetString(4),
                "active" => BatchDocumentStatus.Active,
                _ => BatchDocumentStatus.Waiting,
            };
            items.Add(new BatchDocumentView(reader.GetGuid(0), reader.GetString(2), status,
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<PageCounts>(reader.GetString(7), EntryJson)));
            lastSequence = reader.GetInt64(1);
        }
        return new BatchDocumentPage(items, more ? new BatchDocumentCursor(lastSequence) : null);
    }

    public async Task<IReadOnlyList<StalledDocument>> ClaimStalledAsync(DateTimeOffset progressBefore, DateTimeOffset now, int max,
        CancellationToken cancellationToken = default)
    {
        // SKIP LOCKED and the new progress time: a second sweeper (another orchestrator replica) claims other rows or none.
        const string sql = """
            WITH stalled AS (
                SELECT batch_id, document_id, progress_at FROM fleet.batch_documents
                WHERE status = 'active' AND progress_at < @before
                ORDER BY progress_at
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE fleet.batch_documents d SET progress_at = @now
            FROM stalled
            WHERE d.batch_id = stalled.batch_id AND d.document_id = stalled.document_id AND d.status = 'active' AND d.progress_at < @before
            RETURNING d.batch_id, d.document_id, d.input_key, d.state, stalled.progress_at
            """;
        await using var command = await Command(sql, cancellationToken);
        command.Parameters.AddWithValue("before", progressBefore.ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("max", max);
        var stalled = new List<StalledDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stalled.Add(new StalledDocument(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return stalled;
    }

    private async Task<NpgsqlCommand> Command(string sql, CancellationToken cancellationToken) =>
        new(sql, await session.ConnectionAsync(cancellationToken), session.Transaction);
}
