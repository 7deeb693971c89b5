using System.Diagnostics;
using System.Text.Json;
using Fleet.Cli;
using Fleet.Cli.Run;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Bench.Cost;

/// <summary>
/// Generates the two batches' inputs (text-layer PDFs from <see cref="TextPdfWriter"/>, scanned pages from
/// <see cref="BenchPageGenerator"/>), runs each as <c>fleet run</c> does, and reports the manifests' cost.
/// </summary>
public static class CostBenchmark
{
    private const int TextPages = 5;
    private const int Dpi = 300;

    public static async Task<int> ExecuteAsync(int textDocuments, int ocrPages, DirectoryInfo output, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var work = new DirectoryInfo(Path.Combine(output.FullName, "..", "work", "cost"));
        if (work.Exists)
            work.Delete(recursive: true);
        var textInput = work.CreateSubdirectory("text");
        Parallel.For(0, textDocuments, i => File.WriteAllBytes(Path.Combine(textInput.FullName, $"doc-{i:D5}.pdf"), TextPdfWriter.Write(i, TextPages)));
        var ocrInput = work.CreateSubdirectory("ocr");
        using (var generator = new BenchPageGenerator(Dpi))
        {
            // One page per document, as scans usually come, so the batch runs chunks of several documents side by side.
            for (var i = 0; i < ocrPages; i++)
            {
                using var page = generator.Generate(i);
                File.WriteAllBytes(Path.Combine(ocrInput.FullName, $"{page.Name}.pdf"), ImagePdfWriter.Write([page.Image]));
            }
        }
        Console.WriteLine($"inputs: {textDocuments} text-layer PDFs of {TextPages} pages in {textInput.FullName}, {ocrPages} scanned pages in {ocrInput.FullName}");

        var loadBefore = LoadAverage();
        var text = await RunAsync("text-layer", textInput, work, new ProcessingOptions(Mode: ProcessingMode.Text), cancellationToken);
        var ocr = await RunAsync("ocr", ocrInput, work, new ProcessingOptions(Dpi: Dpi, Mode: ProcessingMode.Ocr), cancellationToken);
        var loadAfter = LoadAverage();

        var report = new CostBenchReport(started, MachineInfo.Collect("not used"), loadBefore, loadAfter,
            $"./fleet bench cost --text-documents {textDocuments} --ocr-pages {ocrPages}", [text, ocr]);
        output.Create();
        var stem = Path.Combine(output.FullName, $"cost-{started:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, BenchJson.Options));
        var markdown = report.ToMarkdown();
        File.WriteAllText(stem + ".md", markdown);
        Console.WriteLine(markdown);
        Console.WriteLine($"written: {stem}.md, {stem}.json");
        work.Delete(recursive: true);
        return 0;
    }

    private static async Task<CostBenchRow> RunAsync(string name, DirectoryInfo input, DirectoryInfo work, ProcessingOptions options, CancellationToken cancellationToken)
    {
        var output = work.CreateSubdirectory(name + "-out");
        using var host = EmbeddedFleet.Build(verbose: false);
        await host.StartAsync(cancellationToken);
        try
        {
            var runner = host.Services.GetRequiredService<BatchRunner>();
            var stopwatch = Stopwatch.StartNew();
            var manifest = await runner.RunAsync(BatchRunner.Submission(NewId.NextGuid(), input, output, options, recursive: false), cancellationToken);
            var wallSeconds = stopwatch.Elapsed.TotalSeconds;
            var cost = manifest.Cost ?? throw new InvalidOperationException("the manifest has no cost: is this build older than the cost field?");
            Console.WriteLine($"{name}: {manifest.Totals.Pages.Total} pages ({manifest.Totals.Failed} documents failed) in {wallSeconds:F1} s, " +
                              $"{cost.ComputeSeconds:F1} compute s, {cost.Price.Currency} {cost.PerThousandPages:F4} per 1,000 pages");
            return new CostBenchRow(name, manifest.Totals.Documents, manifest.Totals.Failed, manifest.Totals.Pages, Math.Round(wallSeconds, 2), cost);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>/proc/loadavg's 1, 5 and 15 minute averages and runnable/total tasks, as it reads.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
