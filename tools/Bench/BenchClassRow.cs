using Fleet.Bench.Corpus;

namespace Fleet.Bench;

/// <summary>
/// One class of one set in the widened benchmark: Fleet (defaults) and Tesseract side by side. Pages/s per class
/// shares each engine's measured wall time among its pages in proportion to how long each page took, so the classes'
/// pages/s weigh up to the engine's overall figure.
/// </summary>
public sealed record BenchClassRow(
    BenchClass Class,
    BenchSet Set,
    int Pages,
    int Characters,
    double FleetCer,
    double TesseractCer,
    int SpecialExpected,
    double? FleetSpecialKept,
    double? TesseractSpecialKept,
    double FleetPagesPerSecond,
    double TesseractPagesPerSecond)
{
    public static List<BenchClassRow> Of(IReadOnlyList<CorpusPageSpec> specs, IReadOnlyList<string> expected,
        BenchRow fleet, IReadOnlyList<double> fleetPageMs, BenchRow tesseract, IReadOnlyList<double> tesseractPageMs)
    {
        var rows = new List<BenchClassRow>();
        foreach (var group in specs.Select((spec, index) => (spec, index)).GroupBy(p => (p.spec.Set, p.spec.Class)).OrderBy(g => g.Key))
        {
            var pages = group.Select(p => p.index).ToList();
            var characters = pages.Sum(i => CharacterErrorRate.Normalise(CharacterErrorRate.Typographic(expected[i])).Length);
            double Cer(BenchRow row) => (double)pages.Sum(i => Distance(expected[i], row.PageTexts[i])) / Math.Max(1, characters);
            var specialExpected = pages.Sum(i => CharacterErrorRate.Special(expected[i], "")?.Expected ?? 0);
            double? Special(BenchRow row) => specialExpected == 0
                ? null
                : (double)pages.Sum(i => CharacterErrorRate.Special(expected[i], row.PageTexts[i])?.Kept ?? 0) / specialExpected;
            double PagesPerSecond(BenchRow row, IReadOnlyList<double> pageMs) =>
                pageMs.Sum() <= 0 ? 0 : row.PagesPerSecond * (pageMs.Average() / pages.Average(i => pageMs[i]));
            rows.Add(new BenchClassRow(group.Key.Class, group.Key.Set, pages.Count, characters, Cer(fleet), Cer(tesseract),
                specialExpected, Special(fleet), Special(tesseract), PagesPerSecond(fleet, fleetPageMs), PagesPerSecond(tesseract, tesseractPageMs)));
        }
        return rows;
    }

    public static int Distance(string expected, string actual) =>
        CharacterErrorRate.Distance(CharacterErrorRate.Typographic(expected), CharacterErrorRate.Typographic(actual));
}
