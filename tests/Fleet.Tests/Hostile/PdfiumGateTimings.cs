using System.Diagnostics;
using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Hostile;

/// <summary>
/// What PDFium's one process-wide lock costs: two threads rendering at once against one thread rendering alone. Only
/// PDFium's own calls are serialised; allocating and clearing bitmaps overlaps. Numbers for Pdf/README.md; no timing asserts.
/// </summary>
public sealed class PdfiumGateTimings
{
    private const int Pages = 8;

    [Test]
    public void Two_threads_render_through_the_gate_and_overlap_only_outside_pdfium()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"Line {i}: the quick brown fox jumps over the lazy dog.").ToArray();
        var pdf = TestPdfs.BornDigital(Enumerable.Repeat(lines, Pages).ToArray());
        using var first = PdfiumDocument.Open(pdf);
        using var second = PdfiumDocument.Open(pdf);
        RenderAll(first);

        var alone = Stopwatch.StartNew();
        RenderAll(first);
        RenderAll(second);
        alone.Stop();

        var together = Stopwatch.StartNew();
        Parallel.Invoke(() => RenderAll(first), () => RenderAll(second));
        together.Stop();

        TestContext.Out.WriteLine($"{2 * Pages} Letter pages at 200 DPI: one thread {alone.Elapsed.TotalMilliseconds:0} ms, " +
                                  $"two threads {together.Elapsed.TotalMilliseconds:0} ms (ratio {together.Elapsed / alone.Elapsed:0.00})");
        Assert.That(together.Elapsed, Is.GreaterThan(TimeSpan.Zero));
    }

    private static void RenderAll(PdfiumDocument document)
    {
        for (var page = 0; page < document.PageCount; page++)
        {
            using var rendered = document.Render(page, 200, 50_000_000);
        }
    }
}
