namespace Fleet.Bench;

/// <summary>What one Fleet child process measured, passed back to the benchmark as JSON.</summary>
public sealed record FleetPassResult(
    double StartupMs, double WarmupMs, double WallMs, long PeakRssBytes, IReadOnlyList<FleetPageResult> Pages);

public sealed record FleetPageResult(int Number, string Text, double RenderMs, double DetectMs, double RecogniseMs);
