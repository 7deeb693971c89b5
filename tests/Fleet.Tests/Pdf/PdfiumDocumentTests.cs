using System.Collections.Concurrent;
using Fleet.Tests.Support;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Pdf;

public class PdfiumDocumentTests
{
    private const long NoCap = long.MaxValue;

    private static readonly string[] Lines = ["The quick brown fox jumps over the lazy dog.", "Pack my box with five dozen liquor jugs."];

    [Test]
    public void Born_digital_pdf_opens_with_its_page_count_and_letter_size()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigital(Lines, Lines, Lines));

        Assert.That(document.PageCount, Is.EqualTo(3));
        var (width, height) = document.PageSize(2);
        Assert.That(width, Is.EqualTo(612).Within(0.01));
        Assert.That(height, Is.EqualTo(792).Within(0.01));
    }

    [Test]
    public void Letter_page_renders_at_300_dpi_to_2550_by_3300_on_white_with_text_at_the_top_left()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigital(Lines));
        using var page = document.Render(0, 300, NoCap);

        Assert.That((page.Bitmap.Width, page.Bitmap.Height), Is.EqualTo((2550, 3300)));
        Assert.That(page.PixelsPerPoint, Is.EqualTo(300 / 72.0));
        Assert.That(page.Downscaled, Is.False);
        Assert.That(page.Bitmap.GetPixel(5, 5), Is.EqualTo(SKColors.White));

        var ink = Ink.Bounds(page.Bitmap);
        Assert.That(ink.Left, Is.EqualTo(300).Within(15), "1-inch left margin at 300 DPI");
        Assert.That(ink.Top, Is.EqualTo(300).Within(15), "1-inch top margin at 300 DPI");
        Assert.That(ink.Bottom, Is.LessThan(500), "two lines of 11 pt text");
    }

    [Test]
    public void Render_downscales_to_stay_under_the_pixel_cap()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigital(Lines));
        const long cap = 1_000_000;

        using var page = document.Render(0, 2400, cap);

        Assert.That((long)page.Bitmap.Width * page.Bitmap.Height, Is.LessThanOrEqualTo(cap));
        Assert.That(page.Bitmap.Width, Is.GreaterThan(800), "shrunk to the cap, not far below it");
        Assert.That(page.Downscaled, Is.True);
        Assert.That(page.PixelsPerPoint, Is.LessThan(2400 / 72.0));
        Assert.That(page.Bitmap.Width, Is.EqualTo(612 * page.PixelsPerPoint).Within(1));
        Assert.That(Ink.DarkPixels(page.Bitmap), Is.GreaterThan(100), "the downscaled page still shows its text");
    }

    [TestCase(90, 792, 612)]
    [TestCase(180, 612, 792)]
    [TestCase(270, 792, 612)]
    public void Rotated_page_is_sized_and_rendered_as_displayed(int degrees, double width, double height)
    {
        using var document = PdfiumDocument.Open(TestPdfs.Rotated(degrees));

        var size = document.PageSize(0);
        Assert.That(size.Width, Is.EqualTo(width).Within(0.01));
        Assert.That(size.Height, Is.EqualTo(height).Within(0.01));

        using var page = document.Render(0, 72, NoCap);
        Assert.That((page.Bitmap.Width, page.Bitmap.Height), Is.EqualTo(((int)width, (int)height)));

        // The text reads upright as displayed: it starts at the top-left margin and runs wider than it is tall.
        var ink = Ink.Bounds(page.Bitmap);
        Assert.That(ink.Left, Is.EqualTo(72).Within(4));
        Assert.That(ink.Top, Is.EqualTo(72).Within(4));
        Assert.That(ink.Width, Is.GreaterThan(3 * ink.Height));
    }

    [Test]
    public void Rendering_from_four_threads_at_once_gives_the_same_pixels_as_one_thread()
    {
        var pdf = TestPdfs.BornDigital(Lines, ["Second page, different text."], Lines, ["Fourth page."]);
        using var document = PdfiumDocument.Open(pdf);
        var expected = Enumerable.Range(0, document.PageCount).Select(i =>
        {
            using var page = document.Render(i, 100, NoCap);
            return Ink.Hash(page.Bitmap);
        }).ToArray();

        var mismatches = new ConcurrentBag<int>();
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var pageIndex = i % document.PageCount;
            // Half the work opens its own document, so opening and rendering interleave across threads too.
            using var own = i % 2 == 0 ? PdfiumDocument.Open(pdf) : null;
            using var page = (own ?? document).Render(pageIndex, 100, NoCap);
            if (!Ink.Hash(page.Bitmap).SequenceEqual(expected[pageIndex]))
            {
                mismatches.Add(i);
            }
        });

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void Page_index_out_of_range_is_an_argument_error()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigital(Lines));

        Assert.That(() => document.Render(1, 72, NoCap), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => document.PageSize(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Disposed_document_refuses_to_render()
    {
        var document = PdfiumDocument.Open(TestPdfs.BornDigital(Lines));
        document.Dispose();
        document.Dispose();

        Assert.That(() => document.Render(0, 72, NoCap), Throws.InstanceOf<ObjectDisposedException>());
    }
}
