using System.Diagnostics;
using Fleet.Tests.Support;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Hostile;

/// <summary>
/// What PDFium does with the hostile pages, checked on the pixels: the pixel cap holds, and images in unusual colour
/// spaces and encodings are decoded rather than skipped. Image placements are in <see cref="HostilePdfs"/>.
/// </summary>
public sealed class HostileRenderTests
{
    private const long FiftyMegapixels = 50_000_000;

    [Test]
    public void Poster_page_reports_200_inches_and_renders_downscaled_under_the_pixel_cap()
    {
        using var document = PdfiumDocument.Open(HostilePdfs.Poster());
        using var page = document.Render(0, 300, FiftyMegapixels);

        Assert.That(document.PageSize(0), Is.EqualTo((HostilePdfs.PosterSide, HostilePdfs.PosterSide)));
        Assert.That(page.Downscaled, Is.True);
        Assert.That((long)page.Bitmap.Width * page.Bitmap.Height, Is.LessThanOrEqualTo(FiftyMegapixels));
        Assert.That(Ink.DarkPixels(page.Bitmap), Is.GreaterThan(10_000), "the huge text is drawn");
    }

    [Test]
    public void User_unit_is_not_applied_by_pdfium_page_size()
    {
        // /UserUnit 10 makes a 1,440-point MediaBox 200 inches in a conforming viewer; PDFium's page size ignores it,
        // so Fleet renders such a page at a tenth of its real size. Recorded here so a PDFium upgrade that changes it shows.
        var pdf = new HandBuiltPdf();
        pdf.AddPage(1_440, 1_440, ["user unit"], pageEntries: "/UserUnit 10");
        using var document = PdfiumDocument.Open(pdf.Build());

        var size = document.PageSize(0);
        TestContext.Out.WriteLine($"PDFium reports {size} points for a 1440 x 1440 MediaBox with /UserUnit 10");
        Assert.That(size, Is.EqualTo((1_440.0, 1_440.0)));
    }

    [Test]
    public void Decompression_bomb_renders_at_300_dpi_without_expanding_the_image()
    {
        var pdf = HostilePdfs.DecompressionBomb();
        GC.Collect();
        PeakMemory.TryReset();
        var before = PeakMemory.CurrentBytes();
        var started = Stopwatch.GetTimestamp();

        using var document = PdfiumDocument.Open(pdf);
        using var page = document.Render(0, 300, FiftyMegapixels);

        var peak = PeakMemory.PeakBytes();
        TestContext.Out.WriteLine($"bomb: {pdf.Length:N0} bytes on disk, rendered in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s, " +
                                  $"peak {PeakMemory.Megabytes(peak)} (from {PeakMemory.Megabytes(before)})");
        Assert.That(pdf.Length, Is.LessThan(1024 * 1024), "the bomb is small on disk");
        Assert.That((page.Bitmap.Width, page.Bitmap.Height), Is.EqualTo((2550, 3300)));
        Assert.That(page.Bitmap.GetPixel(1275, 2500), Is.EqualTo(SKColors.White), "the white image is drawn");
        Assert.That(peak - before, Is.LessThan(1024L * 1024 * 1024), "a 1.6-gigapixel image must not be expanded in memory");
    }

    [Test]
    public void Cmyk_image_renders_as_cyan()
    {
        using var document = PdfiumDocument.Open(HostilePdfs.CmykImage());
        using var page = document.Render(0, 72, FiftyMegapixels);

        var c = page.Bitmap.GetPixel(300, 592);
        Assert.That(c.Red, Is.LessThan(80), c.ToString());
        Assert.That(c.Green, Is.GreaterThan(140), c.ToString());
        Assert.That(c.Blue, Is.GreaterThan(180), c.ToString());
    }

    [Test]
    public void Soft_masked_image_is_transparent_where_its_mask_is_zero()
    {
        using var document = PdfiumDocument.Open(HostilePdfs.AlphaImage());
        using var page = document.Render(0, 72, FiftyMegapixels);

        Assert.That(page.Bitmap.GetPixel(200, 592), Is.EqualTo(SKColors.White), "masked-out half shows the page");
        Assert.That(page.Bitmap.GetPixel(400, 592), Is.EqualTo(new SKColor(255, 0, 0)), "opaque half shows the image");
    }

    [Test]
    public void Ccitt_group_4_image_is_decoded()
    {
        using var document = PdfiumDocument.Open(HostilePdfs.CcittImage());
        using var page = document.Render(0, 72, FiftyMegapixels);

        Assert.That(Ink.DarkPixels(page.Bitmap, new SKRectI(110, 502, 290, 682)), Is.EqualTo(180 * 180), "inverted white rows paint a black square");
    }

    [Test]
    public void Jbig2_image_is_decoded()
    {
        using var document = PdfiumDocument.Open(HostilePdfs.Jbig2Image());
        using var page = document.Render(0, 72, FiftyMegapixels);

        Assert.That(Ink.DarkPixels(page.Bitmap, new SKRectI(110, 502, 290, 682)), Is.EqualTo(180 * 180), "inverted background rows paint a black square");
    }

    [TestCase(90)]
    [TestCase(180)]
    [TestCase(270)]
    public void Rotated_page_renders_in_displayed_orientation(int degrees)
    {
        using var document = PdfiumDocument.Open(TestPdfs.Rotated(degrees));
        using var page = document.Render(0, 72, FiftyMegapixels);

        var landscape = degrees % 180 != 0;
        Assert.That((page.Bitmap.Width, page.Bitmap.Height), Is.EqualTo(landscape ? (792, 612) : (612, 792)));
        var ink = Ink.Bounds(page.Bitmap);
        Assert.That((ink.Left, ink.Top), Is.EqualTo((72, 72)).Using<(int, int)>((a, b) => Math.Abs(a.Item1 - b.Item1) <= 6 && Math.Abs(a.Item2 - b.Item2) <= 6),
            "text reads from the top-left margin as displayed");
    }
}
