using System.Runtime.InteropServices;
using SkiaSharp;

namespace Fleet.Bench.Corpus;

/// <summary>
/// Draws a corpus page: US Letter at the page's DPI, 1-inch margins, filled with its text, then damaged as a scan
/// would be. Fonts are loaded from their files: SkiaSharp's dependency-free native build has no fontconfig.
/// </summary>
public static class CorpusRenderer
{
    private const float LeadingFactor = 1.35f;

    public static CorpusPage Render(CorpusPageSpec spec)
    {
        if (!File.Exists(spec.FontPath))
            throw new FileNotFoundException($"{spec.FontPath} is missing (apt-get install {string.Join(' ', CorpusPages.FontPackages)}).", spec.FontPath);
        using var typeface = SKTypeface.FromFile(spec.FontPath) ?? throw new InvalidOperationException($"SkiaSharp could not load {spec.FontPath}.");
        var dpi = spec.Dpi;
        var (width, height, margin) = ((int)Math.Round(8.5 * dpi), (int)Math.Round(11.0 * dpi), (float)dpi);
        var fontSize = spec.Points * dpi / 72f;
        var leading = fontSize * LeadingFactor;
        var gutter = 0.4f * dpi;
        var columnWidth = (width - 2 * margin - (spec.Columns - 1) * gutter) / spec.Columns;
        var linesPerColumn = (int)((height - 2 * margin - fontSize) / leading) + 1;
        using var font = new SKFont(typeface, fontSize) { Edging = SKFontEdging.Antialias };
        var lines = Lines(spec, font, columnWidth).Take(linesPerColumn * spec.Columns).ToList();

        using var colour = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(colour))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            // A sheet fed askew turns about its centre.
            canvas.RotateDegrees(spec.Scan.SkewDegrees, width / 2f, height / 2f);
            for (var i = 0; i < lines.Count; i++)
            {
                var x = margin + i / linesPerColumn * (columnWidth + gutter);
                var baseline = margin + fontSize + i % linesPerColumn * leading;
                canvas.DrawText(lines[i].Replace('\t', ' '), x, baseline, SKTextAlign.Left, font, paint);
            }
        }

        var gray = ToGray(spec.Scan.BlurSigma > 0 ? Blur(colour, spec.Scan.BlurSigma) : colour, disposeSource: spec.Scan.BlurSigma > 0);
        if (spec.Scan.Noise)
            BenchPageGenerator.AddScannerNoise(gray, spec.Seed);
        if (spec.Scan.JpegQuality > 0)
            gray = Jpeg(gray, spec.Scan.JpegQuality);
        var scanned = Turn(gray, spec.Scan.QuarterTurns);
        // A /Rotate page stores the image turned back, so that the viewer's turn shows it upright again.
        var stored = spec.Scan.PdfRotate != 0 ? Turn(Clone(scanned), 4 - spec.Scan.PdfRotate / 90) : scanned;
        return new CorpusPage(spec, stored, scanned, string.Join('\n', lines.Select(l => l.TrimEnd())));
    }

    private static IEnumerable<string> Lines(CorpusPageSpec spec, SKFont font, float width)
    {
        var random = new Random(spec.Seed);
        switch (spec.Layout)
        {
            case CorpusLayout.Prose:
                var sentences = spec.Language == "eng" ? CorpusText.Prose(spec.Set) : CorpusText.Language(spec.Language, spec.Set);
                return BenchPageGenerator.Wrap(Paragraphs(sentences, random, 40), font, width);
            case CorpusLayout.Technical:
                // The block repeats down the page, each time after a line of the page's prose.
                return Repeat(() => CorpusText.Technical(spec.Set).Where(l => font.MeasureText(l) <= width)
                    .Prepend(CorpusText.Prose(spec.Set)[random.Next(CorpusText.Prose(spec.Set).Count)]));
            default:
                return Repeat(() => ContentsAndTable(spec.Set, font, width));
        }
    }

    private static IEnumerable<string> Repeat(Func<IEnumerable<string>> block)
    {
        for (var i = 0; i < 20; i++)
        {
            foreach (var line in block())
                yield return line;
            yield return "";
        }
    }

    private static List<string> Paragraphs(IReadOnlyList<string> sentences, Random random, int count)
    {
        var paragraphs = new List<string>(count);
        for (var p = 0; p < count; p++)
            paragraphs.Add(string.Join(' ', Enumerable.Range(0, random.Next(3, 6)).Select(_ => sentences[random.Next(sentences.Count)])));
        return paragraphs;
    }

    /// <summary>A contents page: entries with dot leaders out to right-aligned page numbers, then a table in columns.</summary>
    private static IEnumerable<string> ContentsAndTable(BenchSet set, SKFont font, float width)
    {
        yield return "Contents";
        foreach (var (title, page) in CorpusText.Contents(set))
        {
            // Leaders of ". " fill the gap, as typesetting programs set them.
            var line = title + " ";
            while (font.MeasureText(line + ". " + page) < width * 0.9f)
                line += ". ";
            yield return line + page;
        }
        yield return "";
        var columns = CorpusText.Table(set);
        var space = font.MeasureText(" ");
        var columnWidth = width / 3;
        foreach (var row in columns)
        {
            // Cells padded with spaces to fixed columns: the gaps between them are wide, as in a real table.
            var text = "";
            for (var c = 0; c < row.Length; c++)
            {
                text += row[c];
                if (c < row.Length - 1)
                    while (font.MeasureText(text) < (c + 1) * columnWidth)
                        text += " ";
            }
            yield return text;
        }
    }

    private static SKBitmap Blur(SKBitmap source, float sigma)
    {
        var blurred = new SKBitmap(source.Width, source.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(blurred);
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(source, 0, 0, paint);
        return blurred;
    }

    private static SKBitmap ToGray(SKBitmap colour, bool disposeSource)
    {
        var gray = new SKBitmap(colour.Width, colour.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var copied = colour.CopyTo(gray, SKColorType.Gray8);
        if (disposeSource)
            colour.Dispose();
        if (copied)
            return gray;
        gray.Dispose();
        throw new InvalidOperationException("could not convert the page to grayscale");
    }

    /// <summary>Encoded and decoded again at a low JPEG quality: blocking and ringing round the letters.</summary>
    private static SKBitmap Jpeg(SKBitmap gray, int quality)
    {
        using var data = gray.Encode(SKEncodedImageFormat.Jpeg, quality);
        gray.Dispose();
        using var decoded = SKBitmap.Decode(data) ?? throw new InvalidOperationException("could not decode the JPEG page");
        return decoded.ColorType == SKColorType.Gray8 ? decoded.Copy() : ToGray(decoded, disposeSource: false);
    }

    private static SKBitmap Clone(SKBitmap bitmap) => bitmap.Copy() ?? throw new InvalidOperationException("could not copy the page");

    /// <summary>The Gray8 page turned clockwise by quarter turns (the source is disposed when a new bitmap is made).</summary>
    public static SKBitmap Turn(SKBitmap source, int quarterTurns)
    {
        quarterTurns = (quarterTurns % 4 + 4) % 4;
        if (quarterTurns == 0)
            return source;
        var (w, h) = (source.Width, source.Height);
        var turned = quarterTurns == 2
            ? new SKBitmap(w, h, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKBitmap(h, w, SKColorType.Gray8, SKAlphaType.Opaque);
        var from = source.GetPixelSpan();
        var to = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(turned.GetPixelSpan()), turned.RowBytes * turned.Height);
        var (fromRow, toRow) = (source.RowBytes, turned.RowBytes);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Clockwise: (x, y) goes to (h-1-y, x) for 90°, (w-1-x, h-1-y) for 180°, (y, w-1-x) for 270°.
                var (tx, ty) = quarterTurns switch { 1 => (h - 1 - y, x), 2 => (w - 1 - x, h - 1 - y), _ => (y, w - 1 - x) };
                to[ty * toRow + tx] = from[y * fromRow + x];
            }
        }
        source.Dispose();
        return turned;
    }
}
