using System.Globalization;
using System.Text;
using Fleet.Contracts.Results;

namespace Fleet.Bench.Cost;

public sealed record CostBenchRow(string Batch, int Documents, int FailedDocuments, PageCounts Pages, double WallSeconds, ManifestCost Cost);

/// <summary>The cost benchmark's result: per batch the manifest's cost, beside cloud OCR APIs' list prices per 1,000 pages.</summary>
public sealed record CostBenchReport(DateTimeOffset Started, MachineInfo Machine, string LoadAverageBefore, string LoadAverageAfter, string Command,
    IReadOnlyList<CostBenchRow> Batches)
{
    /// <summary>List prices per 1,000 pages as published in 2026, for the first tier of monthly volume (check current pricing).</summary>
    public static readonly IReadOnlyList<(string Service, double UsdPerThousandPages)> CloudOcrListPrices =
    [
        ("AWS Textract DetectDocumentText (first 1M pages/month)", 1.50),
        ("Google Cloud Vision DOCUMENT_TEXT_DETECTION (units 1,001-5M/month)", 1.50),
    ];

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var price = Batches[0].Cost.Price;
        text.AppendLine(Invariant($"# Cost per 1,000 pages, {Started:yyyy-MM-dd HH:mm} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant($"Command: `{Command}` (fleet run's composition: every role in one process, in-memory bus, local folders)."));
        text.AppendLine(Invariant($"Machine: {Machine.CpuModel}, {Machine.Cores} cores ({Machine.CpuFlags}), {Machine.MemoryBytes / (1L << 30)} GiB, {Machine.Os}, {Machine.Runtime}, ONNX Runtime {Machine.OnnxRuntime}."));
        text.AppendLine(Invariant($"Load average (/proc/loadavg) before: `{LoadAverageBefore}`, after: `{LoadAverageAfter}`: above the core count, other work shared the CPUs and the seconds (so the cost) are overstated."));
        text.AppendLine(Invariant($"Price: {price.InstanceType} at {price.Currency} {price.InstanceHourlyPrice}/hour shared by {(price.Gpus > 0 ? $"{price.Gpus} GPUs" : $"{price.Cores} cores")} = {price.Currency} {price.PerComputeSecond:0.000000000} per compute second (Fleet:Cost)."));
        text.AppendLine();
        // The stage columns follow the manifest's order: download, inspect, text-layer, render, detect, recognise, assemble, upload.
        text.AppendLine("| batch | documents | pages (text layer / OCR) | wall s | compute s | download | inspect | text-layer | render | detect | recognise | assemble | upload | estimated | per 1,000 pages |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in Batches)
        {
            var stages = string.Join(" | ", row.Cost.SecondsByStage.Values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
            text.AppendLine(Invariant(
                $"| {row.Batch} | {row.Documents} ({row.FailedDocuments} failed) | {row.Pages.Total} ({row.Pages.TextLayer} / {row.Pages.Ocr}) | {row.WallSeconds:F1} | {row.Cost.ComputeSeconds:F2} | {stages} | {row.Cost.Price.Currency} {row.Cost.Estimated:F6} | {row.Cost.Price.Currency} {row.Cost.PerThousandPages:F6} |"));
        }
        text.AppendLine();
        text.AppendLine("Cloud OCR APIs, list price per 1,000 pages as published in 2026 (check current pricing):");
        text.AppendLine();
        foreach (var (service, usd) in CloudOcrListPrices)
            text.AppendLine(Invariant($"- {service}: USD {usd:F2}"));
        text.AppendLine();
        text.AppendLine("Seconds are each stage's wall time as measured on the worker and summed over the batch's documents (the manifest's cost); " +
                        "the orchestrator's are the manifest's writing. Idle time between stages is not counted, nor are the servers of a fleet.");
        return text.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
