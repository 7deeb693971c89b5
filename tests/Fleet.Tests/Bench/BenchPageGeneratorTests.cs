using Fleet.Bench;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Bench;

public class BenchPageGeneratorTests
{
    // Low resolution keeps the test quick; the layout scales with the DPI.
    private const int Dpi = 150;

    [Test]
    public void Each_kind_is_a_grayscale_letter_page_with_text_drawn_and_known()
    {
        using var generator = new BenchPageGenerator(Dpi);
        var pages = Enumerable.Range(0, 4).Select(i => generator.Generate(i)).ToList();
        try
        {
            Assert.That(pages.Select(p => p.Kind), Is.EqualTo(Enum.GetValues<BenchPageKind>()));
            foreach (var page in pages)
            {
                Assert.That((page.Image.Width, page.Image.Height, page.Image.ColorType), Is.EqualTo((1275, 1650, SKColorType.Gray8)), page.Name);
                Assert.That(page.Expected.Split('\n'), Has.Length.GreaterThan(30), page.Name);
                Assert.That(DarkFraction(page.Image), Is.InRange(0.01, 0.2), page.Name);
            }
            // Different pages carry different text, so no engine can gain from having seen one before.
            Assert.That(pages.Select(p => p.Expected).Distinct().Count(), Is.EqualTo(4));
        }
        finally
        {
            pages.ForEach(p => p.Dispose());
        }
    }

    [Test]
    public void The_same_index_gives_the_same_page()
    {
        using var generator = new BenchPageGenerator(Dpi);
        using var first = generator.Generate(3);
        using var second = generator.Generate(3);

        Assert.That(second.Expected, Is.EqualTo(first.Expected));
        Assert.That(second.Image.GetPixelSpan().SequenceEqual(first.Image.GetPixelSpan()), Is.True);
    }

    [Test]
    public void Image_pdf_renders_back_to_the_same_pixels()
    {
        using var generator = new BenchPageGenerator(Dpi);
        using var page = generator.Generate(0);

        using var document = PdfiumDocument.Open(ImagePdfWriter.Write([page.Image, page.Image]));
        using var rendered = document.Render(0, Dpi, 50_000_000);

        Assert.That(document.PageCount, Is.EqualTo(2));
        Assert.That((rendered.Bitmap.Width, rendered.Bitmap.Height), Is.EqualTo((page.Image.Width, page.Image.Height)));
        Assert.That(DarkFraction(rendered.Bitmap), Is.EqualTo(DarkFraction(page.Image)).Within(0.002));
    }

    private static double DarkFraction(SKBitmap bitmap)
    {
        long dark = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        for (var x = 0; x < bitmap.Width; x += 2)
            if (bitmap.GetPixel(x, y).Red < 128)
                dark++;
        return dark / (double)((bitmap.Height + 1) / 2 * ((bitmap.Width + 1) / 2));
    }
}
