using System.Diagnostics;
using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

/// <summary>Prints render and text-layer times per Letter page. Numbers for the record; no timing asserts.</summary>
public class PdfTimings
{
    private const int Pages = 10;

    private static readonly string[] Prose = Enumerable.Range(1, 40)
        .Select(i => $"Line {i}: the quick brown fox jumps over the lazy dog, and the dog does not mind at all.")
        .ToArray();

    [TestCase(200)]
    [TestCase(300)]
    public void Render_time_per_letter_page(int dpi)
    {
        using var born = PdfiumDocument.Open(TestPdfs.BornDigital(Enumerable.Repeat(Prose, Pages).ToArray()));
        using var scan = PdfiumDocument.Open(TestPdfs.Scanned(300, Enumerable.Repeat(Prose, Pages).ToArray()));

        var bornMs = MillisecondsPerPage(born, dpi);
        var scanMs = MillisecondsPerPage(scan, dpi);

        TestContext.Out.WriteLine($"render at {dpi} DPI: born-digital {bornMs:F1} ms/page, 300-DPI scan {scanMs:F1} ms/page");
        Assert.That(bornMs, Is.GreaterThan(0));
    }

    [Test]
    public void Text_layer_time_per_letter_page()
    {
        var pdf = TestPdfs.BornDigital(Enumerable.Repeat(Prose, Pages).ToArray());
        using (var warm = TextLayerDocument.Open(pdf))
        {
            _ = warm.Words(1);
        }

        var clock = Stopwatch.StartNew();
        using var document = TextLayerDocument.Open(pdf);
        var words = 0;
        for (var page = 1; page <= Pages; page++)
        {
            var pageWords = document.Words(page);
            words += pageWords.Count;
            _ = TextLayerQuality.IsUsable(pageWords);
        }

        var ms = clock.Elapsed.TotalMilliseconds / Pages;
        TestContext.Out.WriteLine($"text layer (open + words + quality): {ms:F2} ms/page, {words / Pages} words/page");
        Assert.That(words, Is.GreaterThan(0));
    }

    private static double MillisecondsPerPage(PdfiumDocument document, int dpi)
    {
        // The first render pays for font loading and caches; measure what a worker sees page after page.
        document.Render(0, dpi, long.MaxValue).Dispose();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < document.PageCount; i++)
        {
            using var page = document.Render(i, dpi, long.MaxValue);
        }

        return clock.Elapsed.TotalMilliseconds / document.PageCount;
    }
}
