using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>The results of one benchmark run: printed as a table, written as Markdown and JSON.</summary>
/// <param name="Classes">Per class and set, Fleet (defaults) against Tesseract.</param>
/// <param name="LoadAverage">/proc/loadavg before and after the run: timings from a busy machine are not speed figures.</param>
public sealed record BenchReport(DateTimeOffset Started, int Dpi, int Rounds, MachineInfo Machine, IReadOnlyList<string> PageNames, BenchRow Tesseract,
    IReadOnlyList<BenchRow> Fleet, IReadOnlyList<BenchClassRow> Classes, string LoadAverage)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| engine | pages/s | CER | peak RSS (MB) | start-up (ms) | pages/s ÷ Tesseract | CER ÷ Tesseract | RSS ÷ Tesseract |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Fleet.Prepend(Tesseract))
        {
            text.AppendLine(string.Create(Invariant,
                $"| {row.Engine} | {row.PagesPerSecond:F2} | {row.CharacterErrorRate:P2} | {row.PeakRssBytes / 1e6:F0} | " +
                $"{(row.StartupMs is { } s ? s.ToString("F0", Invariant) : "-")} | {row.PagesPerSecond / Tesseract.PagesPerSecond:F2}x | " +
                $"{Ratio(row.CharacterErrorRate, Tesseract.CharacterErrorRate)} | {(double)row.PeakRssBytes / Tesseract.PeakRssBytes:F2}x |"));
        }
        return text.ToString();
    }

    public string ClassTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| class | set | pages | chars | Fleet CER | Tesseract CER | CER ÷ Tesseract | special chars | Fleet kept | Tesseract kept | Fleet pages/s | Tesseract pages/s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Classes)
        {
            text.AppendLine(string.Create(Invariant,
                $"| {row.Class} | {row.Set} | {row.Pages} | {row.Characters} | {row.FleetCer:P2} | {row.TesseractCer:P2} | {Ratio(row.FleetCer, row.TesseractCer)} | " +
                $"{row.SpecialExpected} | {Percent(row.FleetSpecialKept)} | {Percent(row.TesseractSpecialKept)} | {row.FleetPagesPerSecond:F2} | {row.TesseractPagesPerSecond:F2} |"));
        }
        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P1", Invariant) : "-";

    public string PageTable()
    {
        var rows = Fleet.Prepend(Tesseract).ToList();
        var text = new StringBuilder();
        text.AppendLine("| page | " + string.Join(" | ", rows.Select(r => r.Engine)) + " |");
        text.AppendLine("|---|" + string.Concat(rows.Select(_ => "---:|")));
        for (var i = 0; i < PageNames.Count; i++)
            text.AppendLine($"| {PageNames[i]} | " + string.Join(" | ", rows.Select(r => r.PageCer[i].ToString("P2", Invariant))) + " |");
        return text.ToString();
    }

    /// <summary>Where a Fleet page's time goes, per variant.</summary>
    public string StageTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| engine | render (ms) | detect (ms) | recognise (ms) |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var row in Fleet.Where(r => r.Stages is not null))
            text.AppendLine(string.Create(Invariant, $"| {row.Engine} | {row.Stages!.RenderMs:F0} | {row.Stages.DetectMs:F0} | {row.Stages.RecogniseMs:F0} |"));
        return text.ToString();
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"# OCR benchmark, {Started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(string.Create(Invariant,
            $"{PageNames.Count} generated US Letter pages at {Dpi} DPI, {Rounds} round(s), {Machine.Cores} cores ({Machine.CpuModel}), " +
            $"{Machine.MemoryBytes / (1L << 30)} GiB, {Machine.Os}, {Machine.Runtime}, ONNX Runtime {Machine.OnnxRuntime}, {Machine.Tesseract}."));
        text.AppendLine();
        text.AppendLine($"CPU flags: {Machine.CpuFlags}. Load average (/proc/loadavg) {LoadAverage}: speed figures hold only on a quiet machine.");
        text.AppendLine();
        if (Classes.Count > 0)
        {
            text.AppendLine("## Per class (Fleet defaults against Tesseract)");
            text.AppendLine();
            text.AppendLine("The held-out pages were never looked at while the engine was changed; the tuning pages were. " +
                            "CER folds typographic quotes and dashes to ASCII on both sides; special chars are the expected text's non-ASCII " +
                            "characters (accents, ß, €, £, ©, µ, « »), kept counted as a bag per page.");
            text.AppendLine();
            text.AppendLine(ClassTable());
        }
        text.AppendLine("## All pages");
        text.AppendLine();
        text.AppendLine(Table());
        text.AppendLine("- Tesseract: `tesseract page.png - -l <page language> --psm 3` (`--psm 1`, with orientation detection, on pages turned 90°/180°/270°), one process per core at a time, `OMP_THREAD_LIMIT=1`; " +
                        "wall time includes each process's start-up; peak RSS is the largest single process (one per core run at once).");
        text.AppendLine("- Fleet: the worker's PageChunkProcessor on one-page chunks of an image-only PDF (PDFium render at the same DPI + " +
                        "detection + recognition), in a child process; model load (start-up) and one warm-up page are excluded from pages/s; " +
                        "peak RSS is the whole process.");
        text.AppendLine("- CER: Levenshtein distance over expected characters, whitespace runs collapsed, typographic quotes and dashes folded to ASCII, summed over all pages.");
        text.AppendLine("- The machine is shared: compare ratios within this run, not absolute numbers across runs.");
        text.AppendLine();
        text.AppendLine("## Settings");
        text.AppendLine();
        foreach (var row in Fleet)
            text.AppendLine($"- {row.Engine}: {row.Settings}");
        text.AppendLine();
        text.AppendLine("## Stage times per page");
        text.AppendLine();
        text.AppendLine("Means over every timed page of every round. Pages overlap and detection and recognition include waiting for a " +
                        "free model run, so the stages add up to more than the wall time per page.");
        text.AppendLine();
        text.AppendLine(StageTable());
        text.AppendLine("## CER per page");
        text.AppendLine();
        text.AppendLine(PageTable());
        return text.ToString();
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"ocr-{Started:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".md", Markdown());
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(this, BenchJson.Options));
        File.Copy(stem + ".md", Path.Combine(directory, "latest.md"), overwrite: true);
        File.Copy(stem + ".json", Path.Combine(directory, "latest.json"), overwrite: true);
    }

    private static string Ratio(double value, double reference) =>
        reference > 0 ? (value / reference).ToString("F2", Invariant) + "x" : "-";
}
