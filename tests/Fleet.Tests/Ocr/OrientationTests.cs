using Fleet.Bench;
using Fleet.Bench.Corpus;
using Fleet.Engine.Ocr;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

/// <summary>Pages scanned sideways, upside down, askew, or stored turned under a PDF /Rotate read as the upright page does.</summary>
[TestFixture]
public class OrientationTests
{
    private static readonly string[] Paragraphs =
    [
        "The night shift logged 47 deliveries between 22:00 and 05:30, three of them damaged in transit.",
        "Inspectors asked for photographs of every pallet, so the loading crew now carries a camera.",
        "A replacement forklift arrives on Monday; until then the north dock handles only small parcels.",
    ];

    private PaddleOcrEngine _engine = null!;
    private List<string> _lines = null!;

    [OneTimeSetUp]
    public void LoadModels()
    {
        _engine = new PaddleOcrEngine(new OcrOptions());
        _lines = TestPages.Wrap(Paragraphs, TestPages.Width - 2 * TestPages.Margin);
    }

    [OneTimeTearDown]
    public void DisposeEngine() => _engine.Dispose();

    private SKBitmap UprightPage()
    {
        var page = TestPages.Blank();
        TestPages.DrawLines(page, [.. _lines, .. _lines], TestPages.Margin, TestPages.Margin);
        return page;
    }

    private string Expected => string.Join('\n', [.. _lines, .. _lines]);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void A_page_scanned_turned_reads_as_the_upright_page(int quarterTurns)
    {
        using var upright = UprightPage();
        using var uprightImage = SKImage.FromBitmap(upright);
        using var turnedImage = new PageTurn(quarterTurns, upright.Width, upright.Height).Draw(uprightImage)!;
        using var turned = SKBitmap.FromImage(turnedImage);

        var result = _engine.Recognise(turned);

        var actual = string.Join('\n', result.Lines.Select(l => l.Text));
        var cer = CharacterErrorRate.Compute(Expected, actual);
        TestContext.Out.WriteLine($"{quarterTurns * 90}°: turned {result.RotationDegrees}°, CER {cer:P2}\n{actual}");
        Assert.That(result.RotationDegrees, Is.EqualTo((4 - quarterTurns) % 4 * 90));
        Assert.That(cer, Is.LessThan(0.02), actual);
        // Boxes are in the pixels of the bitmap handed in: on a sideways page a line's box is tall.
        foreach (var line in result.Lines)
        {
            Assert.That(line.Box.X, Is.InRange(-1, turned.Width + 1));
            Assert.That(line.Box.Bottom, Is.InRange(-1, turned.Height + 1));
            if (quarterTurns % 2 == 1 && line.Text.Length > 20)
                Assert.That(line.Box.Height, Is.GreaterThan(line.Box.Width), line.Text);
        }
    }

    [Test]
    public void An_upright_page_is_not_turned()
    {
        using var upright = UprightPage();

        var result = _engine.Recognise(upright);

        Assert.That(result.RotationDegrees, Is.Zero);
        Assert.That(CharacterErrorRate.Compute(Expected, string.Join('\n', result.Lines.Select(l => l.Text))), Is.LessThan(0.02));
    }

    [TestCase(5f)]
    [TestCase(-5f)]
    public void A_page_skewed_by_5_degrees_keeps_its_lines_in_order(float degrees)
    {
        using var page = TestPages.Blank();
        using (var canvas = new SKCanvas(page))
        using (var font = new SKFont(TestPages.Typeface, TestPages.FontSize) { Edging = SKFontEdging.Antialias })
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.RotateDegrees(degrees, TestPages.Width / 2f, TestPages.Height / 2f);
            var baseline = TestPages.Margin + TestPages.FontSize;
            foreach (var line in _lines.Concat(_lines))
            {
                canvas.DrawText(line, TestPages.Margin, baseline, SKTextAlign.Left, font, paint);
                baseline += TestPages.Leading;
            }
        }

        var result = _engine.Recognise(page);

        var actual = string.Join('\n', result.Lines.Select(l => l.Text));
        // Lines out of order would cost far more than this: each misplaced line is a whole line of edits.
        Assert.That(CharacterErrorRate.Compute(Expected, actual), Is.LessThan(0.02), actual);
        Assert.That(result.Lines, Has.Count.EqualTo(2 * _lines.Count), actual);
    }

    [TestCase(5f)]
    [TestCase(-4f)]
    public void A_two_column_page_skewed_by_up_to_5_degrees_reads_column_by_column(float degrees)
    {
        const int gutter = 120;
        var columnWidth = (TestPages.Width - 2 * TestPages.Margin - gutter) / 2f;
        const float fontSize = 40;
        var left = TestPages.Wrap(Paragraphs, columnWidth, fontSize);
        var right = TestPages.Wrap([.. Paragraphs.Reverse()], columnWidth, fontSize);
        using var page = TestPages.Blank();
        using (var canvas = new SKCanvas(page))
        using (var font = new SKFont(TestPages.Typeface, fontSize) { Edging = SKFontEdging.Antialias })
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.RotateDegrees(degrees, TestPages.Width / 2f, TestPages.Height / 2f);
            for (var column = 0; column < 2; column++)
            {
                var baseline = TestPages.Margin + fontSize;
                foreach (var line in column == 0 ? left.Concat(left) : right.Concat(right))
                {
                    canvas.DrawText(line, TestPages.Margin + column * (columnWidth + gutter), baseline, SKTextAlign.Left, font, paint);
                    baseline += fontSize * TestPages.LeadingFactor;
                }
            }
        }

        var result = _engine.Recognise(page);

        var expected = string.Join('\n', [.. left, .. left, .. right, .. right]);
        var actual = string.Join('\n', result.Lines.Select(l => l.Text));
        // Columns read across (the left line, then the right one beside it) would cost about half the characters.
        Assert.That(CharacterErrorRate.Compute(expected, actual), Is.LessThan(0.02), actual);
    }

    [Test]
    public void A_pdf_page_stored_turned_under_rotate_90_renders_and_reads_upright()
    {
        using var upright = UprightPage();
        using var gray = new SKBitmap(upright.Width, upright.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        Assert.That(upright.CopyTo(gray, SKColorType.Gray8));
        // Stored a quarter turn anticlockwise; the page's /Rotate 90 turns it back for display.
        using var stored = CorpusRenderer.Turn(gray.Copy(), 3);
        var pdf = ImagePdfWriter.Write([new ImagePdfWriter.Page(stored, 300, 90)]);

        using var document = PdfiumDocument.Open(pdf);
        using var rendered = document.Render(0, 300, long.MaxValue);
        var result = _engine.Recognise(rendered.Bitmap);

        Assert.That((rendered.Bitmap.Width, rendered.Bitmap.Height), Is.EqualTo((TestPages.Width, TestPages.Height)));
        Assert.That(result.RotationDegrees, Is.Zero, "PDFium already applied /Rotate");
        Assert.That(CharacterErrorRate.Compute(Expected, string.Join('\n', result.Lines.Select(l => l.Text))), Is.LessThan(0.02));
    }
}
