using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench.TextLayers;

/// <summary>The text-layer benchmark's results, with the machine and pdftotext version they were measured with.</summary>
public sealed record TextLayerBenchReport(DateTimeOffset Measured, MachineInfo Machine, string Pdftotext, int MaxPages, IReadOnlyList<TextLayerBenchRow> Documents)
{
    /// <summary>Targets from the documents issue: word error against pdftotext, share of born-digital pages sent to OCR.</summary>
    public const double WordErrorTarget = 0.005, SentToOcrTarget = 0.01;

    public int TextPages => Documents.Sum(d => d.TextPages);
    public int SentToOcr => Documents.Sum(d => d.SentToOcr.Count);
    public double WordErrorRate => (double)Documents.Sum(d => d.WordErrors) / Math.Max(1, Documents.Sum(d => d.ReferenceWords));
    public double CharacterErrorRate => (double)Documents.Sum(d => d.CharacterErrors) / Math.Max(1, Documents.Sum(d => d.ReferenceCharacters));
    public double SentToOcrRate => (double)SentToOcr / Math.Max(1, TextPages);

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"All: {Documents.Sum(d => d.Pages)} pages, word error {WordErrorRate:P2} (target <= {WordErrorTarget:P1}), " +
        $"sent to OCR {SentToOcr}/{TextPages} = {SentToOcrRate:P2} (target <= {SentToOcrTarget:P0}), CER in line order {CharacterErrorRate:P2}, " +
        $"ligatures {Documents.Sum(d => d.Ligatures)}");

    /// <summary>Writes text-&lt;timestamp&gt;.md and .json under <paramref name="directory"/>; returns the path without extension.</summary>
    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"text-{Measured:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".md", Markdown());
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(this, BenchJson.Options));
        return stem;
    }

    private string Markdown()
    {
        var md = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            # Text layers against pdftotext ({Measured:yyyy-MM-dd HH:mm} UTC)

            Machine: {Machine.CpuModel}, {Machine.Cores} cores ({Machine.CpuFlags}), {Machine.Os}, {Machine.Runtime}. Reference: {Pdftotext}.
            Command: `./fleet bench text --max-pages {MaxPages}`. Word error is order-free (bags of words: the larger of the words
            missing and the words extra, over pdftotext's words; dot leaders are not words); CER is in line order (whitespace runs
            collapsed, leaders included). Pages with no text in pdftotext's output are not counted.

            | document | pages (sampled/all) | word error | CER (line order) | sent to OCR | ligatures left | worst pages (CER) | read ms/page |
            |---|---|---|---|---|---|---|---|

            """));
        foreach (var d in Documents)
        {
            var worst = string.Join(", ", d.Worst.Take(3).Select(w => $"p{w.Page} {w.Cer:P0}"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {d.Document} | {d.Pages}/{d.PageCount} | {d.WordErrorRate:P2} | {d.CharacterErrorRate:P2} | {d.SentToOcr.Count}/{d.TextPages} | {d.Ligatures} | {worst} | {d.ReadMs / Math.Max(1, d.Pages):F1} |");
        }
        md.AppendLine().AppendLine(Summary());
        return md.ToString();
    }
}
