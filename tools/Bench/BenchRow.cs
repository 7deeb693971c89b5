namespace Fleet.Bench;

/// <summary>One engine's line of the results table, with per-page character error rates (and, for Fleet, stage times).</summary>
public sealed record BenchRow(
    string Engine,
    string Settings,
    int Pages,
    double WallMs,
    double CharacterErrorRate,
    long PeakRssBytes,
    double? StartupMs,
    IReadOnlyList<double> PageCer,
    IReadOnlyList<string> PageTexts,
    StageTimes? Stages = null)
{
    public double PagesPerSecond => Pages / (WallMs / 1000);
}

/// <summary>
/// Mean milliseconds per page in each stage of Fleet's pipeline. Pages overlap (one renders while another is
/// recognised), and detection and recognition include waiting for a free model run, so these add up to more than the
/// wall time per page.
/// </summary>
public sealed record StageTimes(double RenderMs, double DetectMs, double RecogniseMs)
{
    public static StageTimes Of(IReadOnlyList<FleetPageResult> pages) =>
        new(pages.Average(p => p.RenderMs), pages.Average(p => p.DetectMs), pages.Average(p => p.RecogniseMs));
}
