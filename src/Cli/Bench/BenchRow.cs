namespace Fleet.Cli.Bench;

/// <summary>One engine's line of the results table, with per-page character error rates.</summary>
public sealed record BenchRow(
    string Engine,
    string Settings,
    int Pages,
    double WallMs,
    double CharacterErrorRate,
    long PeakRssBytes,
    double? StartupMs,
    IReadOnlyList<double> PageCer,
    IReadOnlyList<string> PageTexts)
{
    public double PagesPerSecond => Pages / (WallMs / 1000);
}
