namespace Fleet.Bench;

/// <summary>A goal the distributed fleet is measured against; <paramref name="Holds"/> is null when this run could not tell.</summary>
public sealed record FleetBenchTarget(string Goal, bool? Holds, string Measured)
{
    public string Verdict => Holds switch { true => "holds", false => "MISSED", null => "not measured" };

    /// <summary>
    /// Distributed, every batch that completed: ≥ 50 documents/s with one-page documents, ≥ 300 pages/s with ten-page
    /// ones, and the cost per document (wall and CPU) of the largest batch within 1.2x of the smallest, per page count.
    /// </summary>
    public static IReadOnlyList<FleetBenchTarget> Evaluate(IReadOnlyList<FleetBenchRow> rows)
    {
        var distributed = rows.Where(r => r.Mode == FleetBenchmark.Distributed).ToList();
        var targets = new List<FleetBenchTarget>();
        foreach (var (pages, goal, rate, unit, value) in new (int, string, double, string, Func<FleetBenchRow, double>)[]
                 {
                     (1, "distributed ≥ 50 documents/s, 1-page documents", 50, "documents/s", r => r.DocumentsPerSecond),
                     (10, "distributed ≥ 300 pages/s, 10-page documents", 300, "pages/s", r => r.PagesPerSecond),
                 })
        {
            var measured = distributed.Where(r => r.PagesPerDocument == pages).ToList();
            targets.Add(measured.Count == 0
                ? new FleetBenchTarget(goal, null, "-")
                : new FleetBenchTarget(goal, measured.All(r => r.Valid && value(r) >= rate),
                    string.Join("; ", measured.Select(r => r.Valid ? $"{value(r):F1} {unit} at {r.Documents}" : $"failed at {r.Documents}"))));
        }

        foreach (var group in distributed.GroupBy(r => r.PagesPerDocument))
        {
            var small = group.MinBy(r => r.Documents)!;
            var large = group.MaxBy(r => r.Documents)!;
            var goal = $"distributed cost per document at {large.Documents} within 1.2x of {small.Documents}, {group.Key}-page documents";
            if (small.Documents == large.Documents || !small.Valid || !large.Valid)
            {
                targets.Add(new FleetBenchTarget(goal, null, small.Documents == large.Documents ? "one size only" : "a batch failed"));
                continue;
            }
            var wall = large.WallMsPerDocument / small.WallMsPerDocument;
            var cpu = large.CpuMsPerDocument / small.CpuMsPerDocument;
            targets.Add(new FleetBenchTarget(goal, wall <= 1.2 && cpu <= 1.2,
                $"wall {large.WallMsPerDocument:F1} vs {small.WallMsPerDocument:F1} ms ({wall:F2}x), CPU {large.CpuMsPerDocument:F1} vs {small.CpuMsPerDocument:F1} ms ({cpu:F2}x)"));
        }
        return targets;
    }
}
