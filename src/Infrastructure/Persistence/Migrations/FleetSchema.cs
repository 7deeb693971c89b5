using Npgsql;

namespace Fleet.Infrastructure.Persistence.Migrations;

/// <summary>Applies pending migrations; safe when many replicas start at once.</summary>
public static class FleetSchema
{
    /// <summary>Session-level advisory lock key held while migrating: one migrator at a time per database.</summary>
    const long MigrationLockKey = 0x466C_6565_745F_5347; // "Fleet_SG"

    /// <summary>
    /// Applies, in ordinal name order, each migration not yet recorded in <c>fleet.schema_migrations</c>, each in its
    /// own transaction together with its record. Returns the names applied by this call (empty when another replica
    /// already did the work).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource dataSource, IEnumerable<DatabaseMigration> migrations, CancellationToken cancellationToken)
    {
        var ordered = Distinct(migrations);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"select pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                create schema if not exists fleet;
                create table if not exists fleet.schema_migrations(
                    name text primary key,
                    applied_at timestamptz not null default now());
                """, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            var appliedNow = new List<string>();
            foreach (var migration in ordered.Where(m => !applied.Contains(m.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand("insert into fleet.schema_migrations(name) values (@name)", connection, transaction))
                {
                    record.Parameters.AddWithValue("name", migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                appliedNow.Add(migration.Name);
            }
            return appliedNow;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Fleet's own tables: saga instances, the inbox and the outbox.</summary>
    public static DatabaseMigration Core { get; } = new("0001_fleet_sagas_inbox_outbox", """
        create table fleet.saga_instances(
            saga_type text not null,
            correlation_id uuid not null,
            current_state text not null,
            data jsonb not null,
            version int not null,
            updated_at timestamptz not null,
            primary key (saga_type, correlation_id));

        create table fleet.inbox_state(
            message_id uuid not null,
            consumer_id uuid not null,
            received timestamptz not null,
            receive_count int not null,
            consumed timestamptz,
            delivered timestamptz,
            last_sequence_number bigint,
            primary key (message_id, consumer_id));
        create index inbox_state_received on fleet.inbox_state(received);

        create table fleet.outbox_messages(
            sequence_number bigint generated always as identity primary key,
            inbox_message_id uuid not null,
            inbox_consumer_id uuid not null,
            message_id uuid not null,
            content_type text not null,
            message_type text not null,
            body text not null,
            headers text,
            properties text,
            conversation_id uuid,
            correlation_id uuid,
            initiator_id uuid,
            request_id uuid,
            source_address text,
            destination_address text,
            response_address text,
            fault_address text,
            sent_time timestamptz not null,
            enqueue_time timestamptz,
            expiration_time timestamptz);
        create index outbox_messages_inbox on fleet.outbox_messages(inbox_message_id, inbox_consumer_id, sequence_number);
        """);

    static List<DatabaseMigration> Distinct(IEnumerable<DatabaseMigration> migrations)
    {
        var byName = new Dictionary<string, DatabaseMigration>(StringComparer.Ordinal);
        foreach (var migration in migrations)
        {
            if (string.IsNullOrWhiteSpace(migration.Name))
                throw new ArgumentException("A database migration needs a name.", nameof(migrations));
            if (byName.TryGetValue(migration.Name, out var earlier) && earlier.Sql != migration.Sql)
                throw new ArgumentException($"Two different database migrations are named '{migration.Name}'.", nameof(migrations));
            byName[migration.Name] = migration;
        }
        return [.. byName.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select name from fleet.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            names.Add(reader.GetString(0));
        return names;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
