using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

public class OcrEngineConcurrencyTests
{
    [Test]
    public void Pages_recognised_at_once_on_one_engine_read_as_a_page_alone_does()
    {
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, ["One engine serves every page at once.", "Each page must read alike."], TestPages.Margin, TestPages.Margin);
        using var engine = new PaddleOcrEngine(new OcrOptions { ConcurrentRuns = 2 });
        var alone = string.Join('\n', engine.Recognise(page).Lines.Select(l => l.Text));

        var together = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => string.Join('\n', engine.Recognise(page).Lines.Select(l => l.Text)))
            .ToList();

        Assert.That(alone, Is.EqualTo("One engine serves every page at once.\nEach page must read alike."));
        Assert.That(together, Has.All.EqualTo(alone));
    }

    [Test]
    public void A_cancelled_page_throws_OperationCanceledException_not_an_AggregateException()
    {
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, ["Cancelled before it starts."], TestPages.Margin, TestPages.Margin);
        using var engine = new PaddleOcrEngine(new OcrOptions());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => engine.Recognise(page, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_grayscale_page_reads_as_its_colour_original_does()
    {
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, ["Grayscale scans are converted once, then read."], TestPages.Margin, TestPages.Margin);
        using var gray = new SkiaSharp.SKBitmap(page.Width, page.Height, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque);
        Assert.That(page.CopyTo(gray, SkiaSharp.SKColorType.Gray8), Is.True);
        using var engine = new PaddleOcrEngine(new OcrOptions());

        Assert.That(engine.Recognise(gray).Lines.Select(l => l.Text), Is.EqualTo(engine.Recognise(page).Lines.Select(l => l.Text)));
        Assert.That(engine.Recognise(gray).Lines.Select(l => l.Text), Is.EqualTo(new[] { "Grayscale scans are converted once, then read." }));
    }

    [Test]
    public void A_page_cancelled_while_its_lines_are_recognised_stops_with_OperationCanceledException_and_the_engine_goes_on()
    {
        var lines = TestPages.FullPageLines(PaddleOcrEngineTests.Paragraphs);
        using var page = TestPages.Blank();
        TestPages.DrawLines(page, lines, TestPages.Margin, TestPages.Margin);
        using var small = TestPages.Blank();
        TestPages.DrawLines(small, ["Still reading after a cancelled page."], TestPages.Margin, TestPages.Margin);
        using var engine = new PaddleOcrEngine(new OcrOptions());
        // A full page takes seconds (about 40 lines); the cancellation lands after detection, among the lines.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(() => engine.Recognise(page, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        TestContext.Out.WriteLine($"cancelled after {stopwatch.ElapsedMilliseconds} ms");

        Assert.That(engine.Recognise(small).Lines.Select(l => l.Text), Is.EqualTo(new[] { "Still reading after a cancelled page." }));
    }
}
