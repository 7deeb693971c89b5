using Fleet.Infrastructure.Passwords;
using Fleet.IntegrationTests.Batches;
using Npgsql;

namespace Fleet.IntegrationTests.Passwords;

/// <summary>The fleet's password store against the real PostgreSQL: saved, read for one key in the order tried, forgotten.</summary>
public sealed class PostgresBatchPasswordsTests
{
    private NpgsqlDataSource dataSource = null!;
    private PostgresBatchPasswords store = null!;

    [OneTimeSetUp]
    public async Task CreateTable()
    {
        dataSource = NpgsqlDataSource.Create(TestDbSession.ConnectionString);
        await using var command = dataSource.CreateCommand(PostgresBatchPasswords.MigrationSql);
        await command.ExecuteNonQueryAsync();
        store = new PostgresBatchPasswords(dataSource);
    }

    [OneTimeTearDown]
    public void Close() => dataSource.Dispose();

    [Test]
    public async Task A_keys_own_passwords_come_first_then_those_for_any_input_and_all_go_when_forgotten()
    {
        var batch = Guid.NewGuid();
        await store.SaveAsync(batch, [new(null, "anyone"), new("a.pdf", "for a"), new("b.pdf", "for b"), new(null, "also anyone")]);

        Assert.That(await store.ForAsync(batch, "a.pdf"), Is.EqualTo(new[] { "for a", "anyone", "also anyone" }));
        Assert.That(await store.ForAsync(batch, "c.pdf"), Is.EqualTo(new[] { "anyone", "also anyone" }));
        Assert.That(await store.ForAsync(Guid.NewGuid(), "a.pdf"), Is.Empty, "another batch's are not this one's");

        await store.SaveAsync(batch, [new("a.pdf", "replaced")]);
        Assert.That(await store.ForAsync(batch, "a.pdf"), Is.EqualTo(new[] { "replaced" }), "saving a batch again replaces its passwords");

        await store.ForgetAsync(batch);
        Assert.That(await store.ForAsync(batch, "a.pdf"), Is.Empty);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM fleet.batch_passwords WHERE batch_id = @batch");
        count.Parameters.AddWithValue("batch", batch);
        Assert.That(await count.ExecuteScalarAsync(), Is.Zero);
    }
}
