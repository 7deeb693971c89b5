using Fleet.Infrastructure.Batches;

namespace Fleet.Tests.Orchestration.Ledger;

public sealed class InMemoryBatchDocumentsTests : BatchDocumentsContract
{
    private InMemoryBatchDocuments ledger = new();

    protected override IBatchDocuments Ledger => ledger;

    [SetUp]
    public void NewLedger() => ledger = new InMemoryBatchDocuments();
}
