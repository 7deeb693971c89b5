namespace Fleet.Bench;

/// <summary>What one Fleet child process measured, passed back to the benchmark as JSON.</summary>
public sealed record FleetPassResult(
    double StartupMs, double WarmupMs, double WallMs, long PeakRssBytes, IReadOnlyList<FleetPageResult> Pages);

/// <param name="WallMs">From the start of the page's chunk to its result, waits for a free model run included.</param>
public sealed record FleetPageResult(int Number, string Text, double RenderMs, double DetectMs, double RecogniseMs, double WallMs = 0);
