using System.Reflection;
using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator.Cost;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Writes runs/&lt;batchId&gt;/manifest.json from the batch's ledger and announces the batch's end. The manifest is
/// streamed (totals from the ledger's counts first, then each entry as it is read) into a temporary file, which is
/// then written to the bucket: the document list is never gathered in memory, and the cost is summed on the way.
/// </summary>
public sealed class WriteManifestConsumer(IObjectStore store, IBatchDocuments documents, IOptions<CostOptions> prices) : IConsumer<WriteManifest>
{
    public async Task Consume(ConsumeContext<WriteManifest> context)
    {
        var batch = context.Message;
        var cancellationToken = context.CancellationToken;
        var cost = new ManifestCostTally(prices.Value);
        var totals = await documents.TotalsAsync(batch.BatchId, cancellationToken);
        var head = ManifestBuilder.Head(batch, totals, DateTimeOffset.UtcNow, FleetVersion);

        await using var manifest = await MappedTempFile.WriteAsync(stream =>
            ManifestWriter.WriteAsync(stream, head, documents.FinishedEntriesAsync(batch.BatchId, cancellationToken), cost, cancellationToken));
        var key = RunKeys.Manifest(batch.Submission.OutputPrefix, batch.BatchId);
        await store.WriteAsync(batch.Submission.OutputBucket, key, manifest.Memory, "application/json", cancellationToken);

        await context.Publish(new BatchCompleted(batch.BatchId, batch.Submission.OutputBucket, key, head.Totals.Succeeded, head.Totals.Failed,
            batch.Cancelled ? BatchStates.Cancelled : BatchStates.Completed, head.Totals.Documents - head.Totals.Succeeded - head.Totals.Failed));
    }

    private static readonly string FleetVersion =
        typeof(WriteManifestConsumer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
