using Npgsql;

namespace Fleet.Infrastructure.Passwords;

/// <summary>
/// The fleet's passwords, in <c>fleet.batch_passwords</c> (see <c>0110_batch_passwords.sql</c>), where every role can
/// reach them: the API saves them, a worker reads one input's, the orchestrator deletes a batch's when it ends. On its
/// own connection, outside any message's unit of work: saving must not wait for a transaction the batch's publish is in.
/// </summary>
public sealed class PostgresBatchPasswords(NpgsqlDataSource dataSource) : IBatchPasswords
{
    public const string MigrationName = "0110_batch_passwords";

    /// <summary>The table's migration, an embedded resource of this assembly (<c>Passwords/0110_batch_passwords.sql</c>).</summary>
    public static string MigrationSql { get; } = ReadMigration();

    public async Task SaveAsync(Guid batchId, IReadOnlyList<BatchPassword> passwords, CancellationToken cancellationToken = default)
    {
        if (passwords.Count == 0)
            return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM fleet.batch_passwords WHERE batch_id = @batch", connection, transaction))
        {
            delete.Parameters.AddWithValue("batch", batchId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO fleet.batch_passwords (batch_id, ordinal, input_key, password)
            SELECT @batch, p.ordinal, p.key, p.password FROM unnest(@ordinals, @keys, @passwords) AS p(ordinal, key, password)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("batch", batchId);
            insert.Parameters.AddWithValue("ordinals", Enumerable.Range(0, passwords.Count).ToArray());
            insert.Parameters.Add(new NpgsqlParameter<string?[]>("keys", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
            {
                TypedValue = passwords.Select(p => p.Key).ToArray(),
            });
            insert.Parameters.AddWithValue("passwords", passwords.Select(p => p.Password).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ForAsync(Guid batchId, string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT input_key, password FROM fleet.batch_passwords
            WHERE batch_id = @batch AND (input_key = @key OR input_key IS NULL) ORDER BY ordinal
            """);
        command.Parameters.AddWithValue("batch", batchId);
        command.Parameters.AddWithValue("key", key);
        var found = new List<BatchPassword>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new BatchPassword(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)));
        return BatchPasswordOrder.For(found, key);
    }

    public async Task ForgetAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM fleet.batch_passwords WHERE batch_id = @batch");
        command.Parameters.AddWithValue("batch", batchId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string ReadMigration()
    {
        var assembly = typeof(PostgresBatchPasswords).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".{MigrationName}.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
