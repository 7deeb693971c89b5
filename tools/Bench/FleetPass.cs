using System.Diagnostics;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Contracts.Chunks;
using Fleet.Worker;
using Fleet.Worker.Chunks;
using Fleet.Engine.Ocr;
using Microsoft.Extensions.Options;

namespace Fleet.Bench;

/// <summary>
/// Fleet's side of the benchmark, run in a child process so its peak RSS is the worker's alone: the worker's own
/// <see cref="PageChunkProcessor"/> OCRs one-page chunks of an image-only PDF (PDFium render, detection, recognition),
/// as many at once as the worker processes chunks. Model loading and one warm-up page are timed apart: a worker pays
/// them once, not per page.
/// </summary>
public static class FleetPass
{
    public static FleetPassResult Run(byte[] pdf, int pageCount, int dpi, OcrOptions ocrOptions)
    {
        var started = Stopwatch.GetTimestamp();
        using var engine = new PaddleOcrEngine(ocrOptions);
        var startupMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // As many chunks at once as the worker takes by default, so one page's rendering and detection overlap
        // another's recognition.
        var workerOptions = new WorkerOptions();
        var processor = new PageChunkProcessor(new Lazy<IOcrEngine>(engine), Options.Create(workerOptions),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PageChunkProcessor>.Instance);

        started = Stopwatch.GetTimestamp();
        processor.Process(pdf, Chunk(1, dpi), CancellationToken.None);
        var warmupMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var pages = new FleetPageResult[pageCount];
        started = Stopwatch.GetTimestamp();
        Parallel.For(1, pageCount + 1, new ParallelOptions { MaxDegreeOfParallelism = workerOptions.ChunkConcurrency }, number =>
        {
            var pageStarted = Stopwatch.GetTimestamp();
            var processed = processor.Process(pdf, Chunk(number, dpi), CancellationToken.None);
            var page = processed.Result.Pages.Single();
            pages[number - 1] = new FleetPageResult(number, string.Join('\n', page.Lines.Select(l => l.Text)),
                processed.Timings.RenderMs, processed.Timings.DetectMs, processed.Timings.RecogniseMs,
                Stopwatch.GetElapsedTime(pageStarted).TotalMilliseconds);
        });
        var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        // On Linux this is VmHWM: the most resident memory the process ever had.
        return new FleetPassResult(startupMs, warmupMs, wallMs, self.PeakWorkingSet64, pages);
    }

    public static void WriteResult(FleetPassResult result, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(result, BenchJson.Options));

    private static ProcessPageChunk Chunk(int page, int dpi) => new(
        Guid.Empty, Guid.Empty, page - 1, page, 1, "bench", "bench.pdf", "bench", "bench",
        new ProcessingOptions(dpi, ProcessingMode.Ocr, 1));
}
