namespace Fleet.Contracts.Results;

/// <summary>
/// runs/&lt;batchId&gt;/manifest.json: the record of one batch. <see cref="Cost"/> comes after the documents: it is
/// summed from them as they are streamed out.
/// </summary>
public sealed record Manifest(
    Guid BatchId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset CompletedAt,
    string Input,
    string Output,
    ProcessingOptions Options,
    ManifestTotals Totals,
    string FleetVersion,
    IReadOnlyList<string> Engines,
    IReadOnlyList<ManifestDocument> Documents,
    ManifestCost? Cost = null);

/// <param name="PagesPerSecond">Pages processed (not reused) per second of the batch's elapsed time.</param>
/// <param name="Reused">Succeeded documents whose result came from an earlier one with the same content.</param>
public sealed record ManifestTotals(int Documents, int Succeeded, int Failed, PageCounts Pages, double ElapsedMs, double PagesPerSecond, int Reused = 0);
