using Fleet.Contracts.Results;
using Fleet.Infrastructure.Batches;
using Fleet.Tests.Orchestration.Ledger;
using Npgsql;

namespace Fleet.IntegrationTests.Batches;

/// <summary>
/// The ledger contract against the real PostgreSQL, each test inside a transaction of its own (as a consumed message
/// would run it) that is rolled back afterwards. The table comes from the ledger's migration SQL, run directly.
/// </summary>
public sealed class PostgresBatchDocumentsTests : BatchDocumentsContract
{
    private NpgsqlConnection connection = null!;
    private NpgsqlTransaction transaction = null!;
    private PostgresBatchDocuments ledger = null!;

    protected override IBatchDocuments Ledger => ledger;

    [OneTimeSetUp]
    public async Task CreateTable()
    {
        await using var setup = new NpgsqlConnection(TestDbSession.ConnectionString);
        await setup.OpenAsync();
        await using var command = new NpgsqlCommand(BatchDocumentsSchema.Sql, setup);
        await command.ExecuteNonQueryAsync();
    }

    [SetUp]
    public async Task BeginUnitOfWork()
    {
        connection = new NpgsqlConnection(TestDbSession.ConnectionString);
        await connection.OpenAsync();
        transaction = await connection.BeginTransactionAsync();
        ledger = new PostgresBatchDocuments(new TestDbSession(connection, transaction));
    }

    [TearDown]
    public async Task RollBack()
    {
        await transaction.RollbackAsync();
        await connection.DisposeAsync();
    }

    [Test]
    public async Task The_migration_runs_again_without_harm()
    {
        await using var command = new NpgsqlCommand(BatchDocumentsSchema.Sql, connection, transaction);

        Assert.DoesNotThrowAsync(() => command.ExecuteNonQueryAsync());
        Assert.That(BatchDocumentsSchema.MigrationName, Is.EqualTo("0100_batch_documents"));
    }

    [Test]
    public async Task Writes_belong_to_the_session_transaction_and_roll_back_with_it()
    {
        var batch = Guid.NewGuid();
        await ledger.AddAsync(batch, [new ListedDocument(Guid.NewGuid(), 0, "a.pdf", "a")]);
        Assert.That((await ledger.TotalsAsync(batch)).Documents, Is.EqualTo(1));

        await transaction.RollbackAsync();
        transaction = await connection.BeginTransactionAsync();

        Assert.That((await new PostgresBatchDocuments(new TestDbSession(connection, transaction)).TotalsAsync(batch)).Documents, Is.Zero);
    }

    [Test]
    public async Task Two_sweepers_claim_disjoint_stalled_documents()
    {
        var batch = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var listed = Enumerable.Range(0, 40).Select(i => new ListedDocument(Guid.NewGuid(), i, $"k{i}.pdf", $"k{i}")).ToList();
        await using (var seeding = new NpgsqlConnection(TestDbSession.ConnectionString))
        {
            await seeding.OpenAsync();
            var committed = new PostgresBatchDocuments(new TestDbSession(seeding, null));
            await committed.AddAsync(batch, listed);
            await committed.StartNextAsync(batch, 40, now.AddHours(-2));
        }
        try
        {
            // Two replicas, each in its own transaction, both looking at once.
            await using var a = new NpgsqlConnection(TestDbSession.ConnectionString);
            await using var b = new NpgsqlConnection(TestDbSession.ConnectionString);
            await a.OpenAsync();
            await b.OpenAsync();
            await using var ta = await a.BeginTransactionAsync();
            await using var tb = await b.BeginTransactionAsync();
            var first = await new PostgresBatchDocuments(new TestDbSession(a, ta)).ClaimStalledAsync(now.AddHours(-1), now, 25);
            var second = await new PostgresBatchDocuments(new TestDbSession(b, tb)).ClaimStalledAsync(now.AddHours(-1), now, 25);
            await ta.CommitAsync();
            await tb.CommitAsync();

            var ours = first.Concat(second).Where(s => s.BatchId == batch).Select(s => s.DocumentId).ToList();
            Assert.That(ours, Is.Unique);
            Assert.That(ours, Is.EquivalentTo(listed.Select(d => d.DocumentId)));
        }
        finally
        {
            await using var outside = new NpgsqlConnection(TestDbSession.ConnectionString);
            await outside.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM fleet.batch_documents WHERE batch_id = @batch", outside);
            delete.Parameters.AddWithValue("batch", batch);
            await delete.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task Dispatch_deep_in_a_large_batch_uses_the_waiting_index()
    {
        var batch = Guid.NewGuid();
        for (var page = 0; page < 20; page++)
        {
            await ledger.AddAsync(batch, Enumerable.Range(page * 1000, 1000)
                .Select(i => new ListedDocument(Guid.NewGuid(), i, $"k{i:D6}.pdf", $"k{i:D6}")).ToList());
        }
        await ledger.StartNextAsync(batch, 15_000, DateTimeOffset.UtcNow);
        await using (var analyze = new NpgsqlCommand("ANALYZE fleet.batch_documents", connection, transaction))
            await analyze.ExecuteNonQueryAsync();

        var next = await ledger.StartNextAsync(batch, 8, DateTimeOffset.UtcNow);
        await using var explain = new NpgsqlCommand(
            "EXPLAIN SELECT document_id FROM fleet.batch_documents WHERE batch_id = @batch AND status = 'waiting' ORDER BY sequence LIMIT 8",
            connection, transaction);
        explain.Parameters.AddWithValue("batch", batch);
        var plan = string.Join('\n', await ReadAll(explain));

        Assert.That(next.Select(d => d.Sequence), Is.EqualTo(Enumerable.Range(15_000, 8).Select(i => (long)i)));
        Assert.That(plan, Does.Contain("batch_documents_waiting"));
    }

    private static async Task<List<string>> ReadAll(NpgsqlCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return lines;
    }
}
