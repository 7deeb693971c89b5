using System.Text.Json;
using Fleet.Infrastructure.Persistence;
using Npgsql;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Reads the batch saga's row straight from PostgreSQL: any API replica answers, across API restarts, and without an
/// orchestrator running. The row's <c>data</c> is the saga as <c>SagaJson</c> writes it (camelCase).
/// </summary>
public sealed class PostgresBatchStatusReader(IDbSession session) : IBatchStatusReader
{
    private const string Sql =
        "select current_state, data from fleet.saga_instances where saga_type = 'BatchState' and correlation_id = @id";

    public async Task<BatchStatus?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var connection = await session.ConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection, session.Transaction);
        command.Parameters.AddWithValue("id", batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var state = reader.GetString(0);
        using var data = JsonDocument.Parse(reader.GetString(1));
        var saga = data.RootElement;
        return new BatchStatus(batchId, state, Int(saga, "total"), Int(saga, "finishedCount"), Int(saga, "failedCount"),
            Text(saga, "manifestKey"),
            saga.TryGetProperty("submission", out var submission) && submission.ValueKind == JsonValueKind.Object ? Text(submission, "outputBucket") : null,
            Text(saga, "reason"), Int(saga, "cancelledCount"));
    }

    private static int Int(JsonElement saga, string name) =>
        saga.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static string? Text(JsonElement saga, string name) =>
        saga.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
