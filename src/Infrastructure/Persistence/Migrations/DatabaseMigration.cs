namespace Fleet.Infrastructure.Persistence.Migrations;

/// <summary>
/// One schema change, applied once per database in ordinal order of <paramref name="Name"/> (so name them
/// <c>0001_...</c>, <c>0002_...</c>) and recorded in <c>fleet.schema_migrations</c>. The SQL runs in a transaction.
/// </summary>
public sealed record DatabaseMigration(string Name, string Sql);
