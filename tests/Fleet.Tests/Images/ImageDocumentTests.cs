using Fleet.Engine.Documents;
using Fleet.Engine.Images;
using Fleet.Engine.Pdf;
using Fleet.Tests.Support;
using SkiaSharp;

namespace Fleet.Tests.Images;

/// <summary>Image files opened as documents, without OCR: what they are, their pages' sizes, orientation, limits.</summary>
public sealed class ImageDocumentTests
{
    private static readonly string[] Lines = ["Ink on the first line only."];
    private static readonly ImageReading Reading = new(50_000_000, 300);
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("fleet-images-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Each_kind_is_told_by_its_bytes_and_opens_with_its_pages()
    {
        using var page = TestImages.Page(Lines, 100);
        var files = new (string Name, byte[] Bytes, DocumentFormat Format, int Pages)[]
        {
            ("a.png", TestImages.Png(page, 100), DocumentFormat.Png, 1),
            ("a.jpg", TestImages.Jpeg(page, 1, 100), DocumentFormat.Jpeg, 1),
            ("a.webp", TestImages.WebP(page), DocumentFormat.WebP, 1),
            ("a.tif", TestImages.TiffG4([page, page, page], 100), DocumentFormat.Tiff, 3),
            ("named-pdf-but-png.pdf", TestImages.Png(page, 100), DocumentFormat.Png, 1),
        };
        foreach (var (name, bytes, format, pages) in files)
        {
            var path = Write(name, bytes);
            Assert.That(DocumentFormats.OfFile(path), Is.EqualTo(format), name);
            using var document = SourceDocuments.OpenFile(path, [], Reading);
            Assert.That(document.PageCount, Is.EqualTo(pages), name);
            using var text = SourceDocuments.OpenTextLayer(path, document);
            Assert.That(text.Words(1), Is.Empty, $"{name}: an image has no text layer");
        }
    }

    [Test]
    public void A_stated_resolution_sizes_the_page_and_render_scales_the_pixels_to_the_dpi_asked()
    {
        using var page = TestImages.Page(Lines, 150);
        using var document = SourceDocuments.OpenFile(Write("a.png", TestImages.Png(page, 150)), [], Reading);

        Assert.That(document.PageSize(0), Is.EqualTo((504.0, 216.0)));
        using var rendered = document.Render(0, 300, 50_000_000);
        Assert.That((rendered.Bitmap.Width, rendered.Bitmap.Height), Is.EqualTo((2100, 900)));
        Assert.That(rendered.PixelsPerPoint, Is.EqualTo(300 / 72.0).Within(1e-9));
        Assert.That(rendered.Downscaled, Is.False);
    }

    [TestCase(72, 1400, 600, 300, true, TestName = "72 DPI is a software default: the batch DPI is taken")]
    [TestCase(null, 2480, 3508, 300, true, TestName = "no DPI, A4 proportions: 300 DPI")]
    [TestCase(null, 1275, 1650, 150, true, TestName = "no DPI, Letter proportions: 150 DPI")]
    [TestCase(200, 1400, 600, 200, false, TestName = "a plausible stated DPI is kept")]
    [TestCase(10_000, 1400, 600, 300, true, TestName = "an implausible DPI is estimated")]
    public void Resolution_is_stated_or_estimated(int? stated, int width, int height, int expected, bool estimated)
    {
        var resolution = ImageResolution.Of(stated, stated, width, height, fallbackDpi: 300);

        Assert.That((resolution.DpiX, resolution.DpiY, resolution.Estimated), Is.EqualTo(((double)expected, (double)expected, estimated)));
    }

    [Test]
    public void Exif_orientation_6_is_turned_upright_before_anything_reads_it()
    {
        using var upright = TestImages.Page(Lines, 100);
        using var stored = TestImages.StoredForOrientation6(upright);
        using var document = SourceDocuments.OpenFile(Write("a.jpg", TestImages.Jpeg(stored, 6, 100)), [], Reading);

        Assert.That(document.PageSize(0), Is.EqualTo((504.0, 216.0)), "the upright page: 7 x 3 inches");
        using var rendered = document.Render(0, 100, 50_000_000);
        Assert.That((rendered.Bitmap.Width, rendered.Bitmap.Height), Is.EqualTo((700, 300)));
        // The one line of ink is at the top (from half an inch down), the bottom half is paper.
        Assert.That(Ink(rendered.Bitmap, 0, 150), Is.GreaterThan(200));
        Assert.That(Ink(rendered.Bitmap, 150, 300), Is.Zero);
    }

    [Test]
    public void An_image_over_the_pixel_cap_is_refused_from_its_header_and_a_truncated_one_when_decoded()
    {
        var bomb = Write("bomb.png", TestImages.PngBomb(60_000, 60_000));
        Assert.That(() => SourceDocuments.OpenFile(bomb, [], Reading), Throws.InstanceOf<PdfRejectedException>()
            .With.Message.EqualTo("image is 60000x60000 = 3,600,000,000 pixels, over the limit of 50,000,000 (Fleet:Worker:MaxPagePixels)"));

        using var page = TestImages.Page(Lines, 100);
        var cut = Write("cut.png", TestImages.Truncated(TestImages.Png(page, 100), 0.6));
        using var document = SourceDocuments.OpenFile(cut, [], Reading);
        Assert.That(() => document.Render(0, 100, 50_000_000), Throws.InstanceOf<PdfRejectedException>().With.Message.StartsWith("damaged image: "));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int Ink(SKBitmap bitmap, int fromRow, int toRow)
    {
        var dark = 0;
        for (var y = fromRow; y < toRow; y++)
        for (var x = 0; x < bitmap.Width; x++)
            if (bitmap.GetPixel(x, y).Red < 128)
                dark++;
        return dark;
    }
}
