using System.Diagnostics;

namespace Fleet.Orchestrator.Cost;

/// <summary>
/// Sums the manifest's <c>cost</c> from its document entries as they stream past (<see cref="Batches.ManifestWriter"/>):
/// eight stage sums and two page counts, whatever the batch's size. The orchestrator's seconds are this manifest's
/// writing, from the tally's creation to <see cref="Cost"/>.
/// </summary>
public sealed class ManifestCostTally(CostOptions price)
{
    public const string WorkerRole = "worker";
    public const string OrchestratorRole = "orchestrator";

    private readonly long started = Stopwatch.GetTimestamp();
    private StageTimings timings = StageTimings.None;
    private int textLayerPages;
    private int ocrPages;

    public void Add(ManifestDocument document)
    {
        timings = timings.Add(document.Timings);
        // Reused documents' pages were processed by an earlier batch and cost this one nothing.
        if (document.Status == DocumentStatus.Succeeded && !document.Reused)
            (textLayerPages, ocrPages) = (textLayerPages + document.Pages.TextLayer, ocrPages + document.Pages.Ocr);
    }

    public ManifestCost Cost()
    {
        var byStage = timings.ByStage().ToDictionary(s => s.Stage, s => Seconds(s.Ms));
        var byRole = new Dictionary<string, double>
        {
            [WorkerRole] = Seconds(timings.ByStage().Sum(s => s.Ms)),
            [OrchestratorRole] = Seconds(Stopwatch.GetElapsedTime(started).TotalMilliseconds),
        };
        var computeSeconds = Math.Round(byRole.Values.Sum(), 6);
        var perSecond = price.PerComputeSecond;
        var estimated = computeSeconds * perSecond;
        var pages = textLayerPages + ocrPages;
        return new ManifestCost(byStage, byRole,
            new Dictionary<string, int> { [PageSource.TextLayer] = textLayerPages, [PageSource.Ocr] = ocrPages },
            computeSeconds,
            new CostPrice(price.InstanceType, price.InstanceHourlyPrice, price.Currency, price.Cores, price.Gpus, perSecond),
            Math.Round(estimated, 9),
            pages > 0 ? Math.Round(estimated / pages * 1000, 6) : 0);
    }

    // Microseconds: a local download or a small upload takes well under a millisecond, and still ran.
    private static double Seconds(double ms) => Math.Round(ms / 1000, 6);
}
