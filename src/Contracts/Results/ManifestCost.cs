namespace Fleet.Contracts.Results;

/// <summary>
/// What a batch cost to compute: seconds by stage (the <c>fleet_stage_seconds</c> names, <see cref="StageNames"/>) and
/// by role, the pages it processed by source, and an estimate from the configured price of an instance.
/// </summary>
/// <param name="SecondsByStage">Worker seconds per stage, summed over every document of the batch (failed ones too: their work was done).</param>
/// <param name="SecondsByRole">
/// <c>worker</c>: the stages' sum; <c>orchestrator</c>: writing this manifest. The sagas' own steps per document are
/// milliseconds and are not counted.
/// </param>
/// <param name="PagesBySource">Pages this batch processed (succeeded, not reused), by <see cref="PageSource"/>.</param>
/// <param name="ComputeSeconds">All of <paramref name="SecondsByRole"/>.</param>
/// <param name="Estimated">ComputeSeconds times <see cref="CostPrice.PerComputeSecond"/>.</param>
/// <param name="PerThousandPages">Estimated per 1,000 processed pages; 0 when none was processed.</param>
public sealed record ManifestCost(
    IReadOnlyDictionary<string, double> SecondsByStage,
    IReadOnlyDictionary<string, double> SecondsByRole,
    IReadOnlyDictionary<string, int> PagesBySource,
    double ComputeSeconds,
    CostPrice Price,
    double Estimated,
    double PerThousandPages);

/// <summary>
/// The price a second of compute is charged at: an instance's hourly price shared by its cores, or by its GPUs where it
/// has any (one chunk runs per GPU then).
/// </summary>
public sealed record CostPrice(string InstanceType, double InstanceHourlyPrice, string Currency, int Cores, int Gpus, double PerComputeSecond);
