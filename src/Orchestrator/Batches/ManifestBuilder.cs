namespace Fleet.Orchestrator.Batches;

/// <summary>Turns the batch's finished documents into the manifest: totals, throughput, versions, one entry per input.</summary>
public static class ManifestBuilder
{
    public static Manifest Build(WriteManifest batch, DateTimeOffset completedAt, string fleetVersion)
    {
        var documents = batch.Documents;
        var succeeded = documents.Where(d => d.Status == DocumentStatus.Succeeded).ToList();
        var pages = succeeded.Aggregate(PageCounts.None, (sum, d) => sum.Add(d.Pages));
        // Throughput counts the pages this batch processed; reused results took no processing.
        var processed = succeeded.Where(d => !d.Reused).Sum(d => d.Pages.Total);
        var elapsedMs = Math.Max(0, (completedAt - batch.ReceivedAt).TotalMilliseconds);
        var totals = new ManifestTotals(
            documents.Count,
            documents.Count(d => d.Status == DocumentStatus.Succeeded),
            documents.Count(d => d.Status == DocumentStatus.Failed),
            pages,
            Math.Round(elapsedMs, 1),
            elapsedMs > 0 ? Math.Round(processed / (elapsedMs / 1000), 3) : 0,
            documents.Count(d => d.Status == DocumentStatus.Succeeded && d.Reused));

        var engines = documents.SelectMany(d => d.Engines).Distinct().Order(StringComparer.Ordinal).ToList();

        var s = batch.Submission;
        return new Manifest(batch.BatchId, batch.ReceivedAt, completedAt,
            $"{s.InputBucket}/{s.InputPrefix}", $"{s.OutputBucket}/{s.OutputPrefix}", s.Options, totals, fleetVersion, engines, documents);
    }
}
