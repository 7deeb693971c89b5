using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

/// <summary>The generators other engineers' end-to-end tests rely on, checked with PDFium and PdfPig themselves.</summary>
public class TestPdfsTests
{
    [Test]
    public void Scanned_pdf_renders_its_text_as_pixels_at_the_margins_and_has_no_text_layer()
    {
        var pdf = TestPdfs.Scanned(300, ["A scanned page of text.", "Second line."], ["Page two."]);

        using var document = PdfiumDocument.Open(pdf);
        using var page = document.Render(0, 150, long.MaxValue);
        using var text = TextLayerDocument.Open(pdf);

        Assert.That(document.PageCount, Is.EqualTo(2));
        Assert.That(document.PageSize(0), Is.EqualTo((612.0, 792.0)));
        var ink = Ink.Bounds(page.Bitmap);
        Assert.That(ink.Left, Is.EqualTo(150).Within(6), "1-inch margin at 150 DPI");
        Assert.That(ink.Top, Is.EqualTo(150).Within(6));
        Assert.That(text.Words(1), Is.Empty);
        Assert.That(text.Words(2), Is.Empty);
    }

    [Test]
    public void Scanned_and_born_digital_pages_put_the_same_text_in_the_same_place()
    {
        string[] lines = ["Same words, two ways.", "One drawn as text, one as pixels."];
        using var born = PdfiumDocument.Open(TestPdfs.BornDigital(lines));
        using var scan = PdfiumDocument.Open(TestPdfs.Scanned(200, lines));
        using var bornPage = born.Render(0, 100, long.MaxValue);
        using var scanPage = scan.Render(0, 100, long.MaxValue);

        var a = Ink.Bounds(bornPage.Bitmap);
        var b = Ink.Bounds(scanPage.Bitmap);

        Assert.That(b.Left, Is.EqualTo(a.Left).Within(3));
        Assert.That(b.Top, Is.EqualTo(a.Top).Within(3));
        Assert.That(b.Right, Is.EqualTo(a.Right).Within(6));
        Assert.That(b.Bottom, Is.EqualTo(a.Bottom).Within(3));
    }

    [Test]
    public void Two_column_pdf_is_one_letter_page_with_ink_in_both_columns()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigitalTwoColumns(["Left side."], ["Right side."]));
        using var page = document.Render(0, 72, long.MaxValue);

        Assert.That(document.PageCount, Is.EqualTo(1));
        Assert.That(Ink.DarkPixels(page.Bitmap, new SkiaSharp.SKRectI(72, 60, 300, 100)), Is.GreaterThan(20));
        Assert.That(Ink.DarkPixels(page.Bitmap, new SkiaSharp.SKRectI(324, 60, 540, 100)), Is.GreaterThan(20));
    }

    [Test]
    public void Born_digital_with_no_pages_is_one_blank_page()
    {
        using var document = PdfiumDocument.Open(TestPdfs.BornDigital());
        using var page = document.Render(0, 72, long.MaxValue);

        Assert.That(document.PageCount, Is.EqualTo(1));
        Assert.That(Ink.DarkPixels(page.Bitmap), Is.Zero);
    }

    [Test]
    public void Truncated_pdf_starts_like_a_pdf_and_is_shorter_than_the_whole()
    {
        var truncated = TestPdfs.Truncated();

        Assert.That(System.Text.Encoding.ASCII.GetString(truncated, 0, 5), Is.EqualTo("%PDF-"));
        Assert.That(truncated.Length, Is.GreaterThan(100));
    }
}
