using Fleet.Bench;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Support;

/// <summary>
/// Real PDFs made on the fly for tests: born-digital pages with a text layer, image-only "scans", and the broken,
/// encrypted and rotated inputs Fleet must handle. Pages are US Letter, text is 11 pt DejaVu Sans with 1-inch margins.
/// </summary>
public static class TestPdfs
{
    public const double LetterWidth = 612;
    public const double LetterHeight = 792;
    public const double Margin = 72;
    public const double FontSize = 11;

    /// <summary>Distance between baselines of consecutive lines, in points.</summary>
    public const double LineHeight = 14;

    /// <summary>Left edge of the right column in <see cref="BornDigitalTwoColumns"/>, in points.</summary>
    public const double RightColumnX = 324;

    public const string OwnerPassword = "fleet-owner";

    // Runs once per process, before the first document, which is when PDFsharp requires both settings.
    static TestPdfs()
    {
        // PDFsharp 6.5 is AGPL-3.0-only and refuses to create documents until a licence is chosen. It is used only
        // here, in the test project, to build inputs; nothing Fleet ships links it.
        PdfSharpLicense.SetAgplLicense();
        DejaVuFontResolver.EnsureInstalled();
    }

    /// <summary>One Letter page per entry, each string a line of text. No pages gives one blank page.</summary>
    public static byte[] BornDigital(params string[][] pages) =>
        Build(pages.Length == 0 ? [[]] : pages, (gfx, lines) => DrawLines(gfx, lines, Margin));

    /// <summary>One Letter page with two columns of text, the right one starting at <see cref="RightColumnX"/>.</summary>
    public static byte[] BornDigitalTwoColumns(string[] left, string[] right) =>
        Build([left], (gfx, _) =>
        {
            DrawLines(gfx, left, Margin);
            DrawLines(gfx, right, RightColumnX);
        });

    /// <summary>Image-only pages: text rasterised at <paramref name="dpi"/> to a lossless grayscale PNG, no text layer.</summary>
    public static byte[] Scanned(int dpi, params string[][] pages) => Scanned(dpi, SKEncodedImageFormat.Png, 100, pages);

    /// <summary>As <see cref="Scanned(int, string[][])"/>, choosing the image encoding (PNG or JPEG) and quality.</summary>
    public static byte[] Scanned(int dpi, SKEncodedImageFormat format, int quality, params string[][] pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 36);
        return Build(pages.Length == 0 ? [[]] : pages, (gfx, lines) =>
        {
            using var image = XImage.FromStream(new MemoryStream(ScanImage(dpi, format, quality, lines)));
            gfx.DrawImage(image, 0, 0, LetterWidth, LetterHeight);
        });
    }

    /// <summary>A valid two-page PDF cut to 40% of its bytes: no cross-reference table, no trailer.</summary>
    public static byte[] Truncated()
    {
        var whole = BornDigital(
            ["A document that was cut short in transit.", "Its end, with the cross-reference table, is missing."],
            ["The second page of the document."]);
        return whole[..(whole.Length * 40 / 100)];
    }

    public static byte[] NotAPdf() => Encoding.UTF8.GetBytes("This is a plain text file that someone named report.pdf.\n");

    public static byte[] Empty() => [];

    /// <summary>
    /// One page of text encrypted with the standard security handler (AES-128). An empty user password with the
    /// owner password <see cref="OwnerPassword"/> gives a file anyone can open but with restricted permissions.
    /// </summary>
    public static byte[] Encrypted(string userPassword)
    {
        ArgumentNullException.ThrowIfNull(userPassword);
        return Build([["This page is encrypted.", "Only a reader with the password sees this line."]], (gfx, lines) => DrawLines(gfx, lines, Margin), document =>
        {
            document.SecuritySettings.UserPassword = userPassword;
            document.SecuritySettings.OwnerPassword = OwnerPassword;
            document.SecurityHandler.SetEncryptionToV4UsingAES(true);
            document.SecuritySettings.PermitExtractContent = false;
        });
    }

    /// <summary>
    /// One portrait Letter page (MediaBox 612x792) carrying /Rotate <paramref name="degrees"/>. Its text is laid out
    /// so it reads upright as displayed: at 90 or 270 the page shows as a 792x612 landscape page.
    /// </summary>
    public static byte[] Rotated(int degrees)
    {
        if (degrees % 90 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "a page rotation is a multiple of 90");
        }

        var normalised = ((degrees % 360) + 360) % 360;
        return Build([["This page carries a rotation.", $"It is rotated by {normalised} degrees and reads upright."]], (gfx, lines) =>
        {
            gfx.Save();
            // XGraphics draws in unrotated page space (top-left origin); map displayed space onto it so the
            // viewer's clockwise /Rotate turns the text back upright.
            switch (normalised)
            {
                case 90:
                    gfx.TranslateTransform(0, LetterHeight);
                    gfx.RotateTransform(-90);
                    break;
                case 180:
                    gfx.TranslateTransform(LetterWidth, LetterHeight);
                    gfx.RotateTransform(180);
                    break;
                case 270:
                    gfx.TranslateTransform(LetterWidth, 0);
                    gfx.RotateTransform(90);
                    break;
            }

            DrawLines(gfx, lines, Margin);
            gfx.Restore();
        }, document => document.Pages[0].Rotate = normalised);
    }

    private static byte[] Build(string[][] pages, Action<XGraphics, string[]> draw, Action<PdfDocument>? finish = null)
    {
        using var document = new PdfDocument();
        document.Info.Creator = "Fleet tests";
        foreach (var lines in pages)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(LetterWidth);
            page.Height = XUnit.FromPoint(LetterHeight);
            using var gfx = XGraphics.FromPdfPage(page);
            draw(gfx, lines);
        }

        finish?.Invoke(document);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawLines(XGraphics gfx, string[] lines, double x)
    {
        var font = new XFont(DejaVuFontResolver.Sans, FontSize);
        for (var i = 0; i < lines.Length; i++)
        {
            gfx.DrawString(lines[i], font, XBrushes.Black, new XPoint(x, Margin + i * LineHeight), XStringFormats.TopLeft);
        }
    }

    private static byte[] ScanImage(int dpi, SKEncodedImageFormat format, int quality, string[] lines)
    {
        var pixelsPerPoint = dpi / 72.0;
        var width = (int)Math.Round(LetterWidth * pixelsPerPoint);
        var height = (int)Math.Round(LetterHeight * pixelsPerPoint);
        using var colour = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(colour))
        {
            canvas.Clear(SKColors.White);
            using var typeface = BenchPageGenerator.LoadFont("DejaVuSans.ttf");
            using var font = new SKFont(typeface, (float)(FontSize * pixelsPerPoint)) { Edging = SKFontEdging.Antialias };
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            for (var i = 0; i < lines.Length; i++)
            {
                // Same layout as the born-digital pages: top of line i at the margin plus i line heights.
                var top = (Margin + i * LineHeight) * pixelsPerPoint;
                canvas.DrawText(lines[i], (float)(Margin * pixelsPerPoint), (float)(top - font.Metrics.Ascent), font, paint);
            }
        }

        // Scanners of text produce grayscale; it keeps the embedded image a third of the size of RGB.
        using var gray = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        if (!colour.CopyTo(gray, SKColorType.Gray8))
        {
            throw new InvalidOperationException("could not convert the scan to grayscale");
        }

        using var data = gray.Encode(format, quality);
        return data.ToArray();
    }
}
