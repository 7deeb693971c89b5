namespace Fleet.Orchestrator.Batches;

/// <summary>
/// The manifest's head from the ledger's totals: input, output, options, totals, throughput, versions and engines. Its
/// documents are streamed after it by <see cref="ManifestWriter"/>, so the head is built with none.
/// </summary>
public static class ManifestBuilder
{
    public static Manifest Head(WriteManifest batch, BatchDocumentTotals documents, DateTimeOffset completedAt, string fleetVersion)
    {
        var elapsedMs = Math.Max(0, (completedAt - batch.ReceivedAt).TotalMilliseconds);
        // Throughput counts the pages this batch processed; reused results took no processing.
        var totals = new ManifestTotals(
            documents.Finished,
            documents.Succeeded,
            documents.Failed,
            documents.Pages,
            Math.Round(elapsedMs, 1),
            elapsedMs > 0 ? Math.Round(documents.ProcessedPages / (elapsedMs / 1000), 3) : 0,
            documents.Reused);

        var s = batch.Submission;
        return new Manifest(batch.BatchId, batch.ReceivedAt, completedAt,
            $"{s.InputBucket}/{s.InputPrefix}", $"{s.OutputBucket}/{s.OutputPrefix}", s.Options, totals, fleetVersion, documents.Engines, []);
    }
}
