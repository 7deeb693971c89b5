using System.Reflection;
using System.Text.Json;
using MassTransit;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Infrastructure.Persistence.Sagas;

/// <summary>
/// The rows of one saga type in <c>fleet.saga_instances</c>: <c>saga_type</c> is the class's name, <c>data</c> the
/// instance in <see cref="SagaJson"/>, <c>current_state</c> its <c>CurrentState</c> property (for readers that
/// want the state without parsing <c>data</c>).
/// </summary>
public static class SagaRows<TSaga>
    where TSaga : class, ISaga
{
    public static string SagaType { get; } = typeof(TSaga).Name;

    static readonly PropertyInfo? CurrentStateProperty = typeof(TSaga).GetProperty("CurrentState", BindingFlags.Public | BindingFlags.Instance);

    /// <summary>The instance and its version, row-locked until the transaction ends; null when there is no row.</summary>
    public static async Task<(TSaga Instance, int Version)?> LockAsync(PostgresDbSession session, Guid correlationId, CancellationToken cancellationToken)
    {
        var found = await SelectAsync(session, correlationId, "for update", cancellationToken);
        if (found is not null)
            return found;

        // No row to lock: creators of the same new instance queue on an advisory lock held to commit instead, so the
        // later one then reads the instance the earlier created rather than creating a second.
        await LockCreationAsync(session, correlationId, cancellationToken);
        return await SelectAsync(session, correlationId, "for update", cancellationToken);
    }

    /// <summary>A snapshot read, no lock (outside a transition).</summary>
    public static async Task<TSaga?> ReadAsync(PostgresDbSession session, Guid correlationId, CancellationToken cancellationToken) =>
        (await SelectAsync(session, correlationId, "", cancellationToken))?.Instance;

    /// <summary>Takes the creation lock for the id, then inserts unless the row exists; true when this call inserted it.</summary>
    public static async Task<bool> TryInsertAsync(PostgresDbSession session, TSaga instance, CancellationToken cancellationToken)
    {
        await LockCreationAsync(session, instance.CorrelationId, cancellationToken);
        await using var command = await session.CommandAsync("""
            insert into fleet.saga_instances(saga_type, correlation_id, current_state, data, version, updated_at)
            values (@type, @id, @state, @data, 1, now())
            on conflict (saga_type, correlation_id) do nothing
            """, cancellationToken);
        AddRow(command, instance);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Writes the instance over the locked row at <paramref name="version"/>, as version + 1.</summary>
    public static async Task UpdateAsync(PostgresDbSession session, TSaga instance, int version, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("""
            update fleet.saga_instances
            set current_state = @state, data = @data, version = version + 1, updated_at = now()
            where saga_type = @type and correlation_id = @id and version = @version
            """, cancellationToken);
        AddRow(command, instance);
        command.Parameters.AddWithValue("version", version);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new SagaException($"{SagaType} {instance.CorrelationId} changed or vanished under its row lock (expected version {version}).",
                typeof(TSaga), instance.CorrelationId);
    }

    public static async Task DeleteAsync(PostgresDbSession session, Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "delete from fleet.saga_instances where saga_type = @type and correlation_id = @id", cancellationToken);
        command.Parameters.AddWithValue("type", SagaType);
        command.Parameters.AddWithValue("id", correlationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task LockCreationAsync(PostgresDbSession session, Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "select pg_advisory_xact_lock(hashtextextended('fleet.saga_instances:' || @type || ':' || @id::text, 0))", cancellationToken);
        command.Parameters.AddWithValue("type", SagaType);
        command.Parameters.AddWithValue("id", correlationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<(TSaga Instance, int Version)?> SelectAsync(PostgresDbSession session, Guid correlationId, string lockClause, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            $"select data, version from fleet.saga_instances where saga_type = @type and correlation_id = @id {lockClause}", cancellationToken);
        command.Parameters.AddWithValue("type", SagaType);
        command.Parameters.AddWithValue("id", correlationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var instance = JsonSerializer.Deserialize<TSaga>(reader.GetString(0), SagaJson.Options)
            ?? throw new SagaException($"{SagaType} {correlationId} has null data.", typeof(TSaga), correlationId);
        return (instance, reader.GetInt32(1));
    }

    static void AddRow(NpgsqlCommand command, TSaga instance)
    {
        command.Parameters.AddWithValue("type", SagaType);
        command.Parameters.AddWithValue("id", instance.CorrelationId);
        command.Parameters.AddWithValue("state", CurrentStateProperty?.GetValue(instance)?.ToString() ?? "");
        command.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(instance, SagaJson.Options));
    }
}
