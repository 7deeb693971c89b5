namespace Fleet.Infrastructure.Batches;

/// <summary>
/// The ledger's tables, as a migration: the SQL is an embedded resource of this assembly
/// (<c>Batches/Migrations/0100_batch_documents.sql</c>), idempotent, for the migration runner to apply.
/// </summary>
public static class BatchDocumentsSchema
{
    public const string MigrationName = "0100_batch_documents";

    public static string Sql { get; } = Read();

    private static string Read()
    {
        var assembly = typeof(BatchDocumentsSchema).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".{MigrationName}.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
