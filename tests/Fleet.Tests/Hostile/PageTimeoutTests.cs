using System.Diagnostics;
using Fleet.Contracts;
using Fleet.Contracts.Chunks;
using Fleet.Tests.Support;
using Fleet.Worker;
using Fleet.Worker.Chunks;
using Fleet.Engine.Ocr;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Hostile;

/// <summary>A page that overruns its wall-clock budget fails its document with the page named, promptly.</summary>
public sealed class PageTimeoutTests
{
    private static readonly string[] ScannedLines = ["A scanned page that the OCR engine will never finish."];

    [Test]
    public void Ocr_that_honours_cancellation_is_stopped_when_the_page_budget_runs_out()
    {
        var processor = Processor(new StallingOcrEngine(), TimeSpan.FromMilliseconds(500));
        var started = Stopwatch.GetTimestamp();

        Assert.That(() => processor.Process(TestPdfs.Scanned(150, ScannedLines), Chunk(ProcessingMode.Ocr), CancellationToken.None),
            Throws.TypeOf<PageTimeoutException>().With.Message.EqualTo("timed out after 0.5 s on page 1"));
        Assert.That(Stopwatch.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(30)), "stopped by the budget, not the engine");
    }

    [Test]
    public void Ocr_that_ignores_cancellation_is_caught_overrunning_when_it_returns()
    {
        var processor = Processor(new StallingOcrEngine(ignoreCancellationFor: TimeSpan.FromMilliseconds(400)), TimeSpan.FromMilliseconds(100));

        Assert.That(() => processor.Process(TestPdfs.Scanned(150, ScannedLines), Chunk(ProcessingMode.Ocr), CancellationToken.None),
            Throws.TypeOf<PageTimeoutException>().With.Message.EqualTo("timed out after 0.1 s on page 1"));
    }

    [Test]
    public void Pages_within_their_budget_are_processed()
    {
        var processor = Processor(new StallingOcrEngine(ignoreCancellationFor: TimeSpan.FromMilliseconds(10)), TimeSpan.FromSeconds(60));

        var processed = processor.Process(TestPdfs.Scanned(150, ScannedLines), Chunk(ProcessingMode.Ocr), CancellationToken.None);

        Assert.That(processed.Pages.Ocr, Is.EqualTo(1));
    }

    private static PageChunkProcessor Processor(IOcrEngine engine, TimeSpan pageTimeout) =>
        new(new Lazy<IOcrEngine>(engine), Options.Create(new WorkerOptions { PageTimeout = pageTimeout }),
            NullLogger<PageChunkProcessor>.Instance);

    private static ProcessPageChunk Chunk(ProcessingMode mode) =>
        new(Guid.NewGuid(), Guid.NewGuid(), 0, 1, 1, "in", "a.pdf", "out", "a.chunk.json", new ProcessingOptions(Dpi: 150, Mode: mode));
}
