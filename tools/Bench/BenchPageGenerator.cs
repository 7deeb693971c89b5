using SkiaSharp;

namespace Fleet.Bench;

/// <summary>
/// Draws US Letter pages with known text at a given DPI: 11 pt single column, 10 pt serif in two columns, 8 pt small
/// print, and an 11 pt page rotated by 1° with scanner noise. Fonts are loaded from files because SkiaSharp's
/// dependency-free native build has no fontconfig to find them by name.
/// </summary>
public sealed class BenchPageGenerator : IDisposable
{
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";
    private const float LeadingFactor = 1.35f;

    private readonly int _dpi;
    private readonly SKTypeface _sans;
    private readonly SKTypeface _serif;

    public BenchPageGenerator(int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 72);
        _dpi = dpi;
        _sans = LoadFont("DejaVuSans.ttf");
        _serif = LoadFont("DejaVuSerif.ttf");
    }

    public int Width => (int)Math.Round(8.5 * _dpi);
    public int Height => (int)Math.Round(11.0 * _dpi);
    private float Margin => _dpi;

    /// <summary>
    /// Page <paramref name="index"/> of a set: the kinds take turns, and every page has its own text, drawn from
    /// <paramref name="sentences"/> (the benchmark's by default).
    /// </summary>
    public BenchPage Generate(int index, IReadOnlyList<string>? sentences = null)
    {
        var kind = (BenchPageKind)(index % 4);
        var paragraphs = BenchText.Paragraphs(seed: 1000 + index, count: 40, sentences);
        var name = $"page-{index + 1:D2}-{kind switch
        {
            BenchPageKind.SingleColumn => "single-column",
            BenchPageKind.TwoColumns => "two-columns",
            BenchPageKind.SmallPrint => "small-print",
            _ => "rotated-noisy-scan",
        }}";
        return kind switch
        {
            BenchPageKind.SingleColumn => Page(name, kind, paragraphs, _sans, 11, columns: 1, rotationDegrees: 0, noise: false),
            BenchPageKind.TwoColumns => Page(name, kind, paragraphs, _serif, 10, columns: 2, rotationDegrees: 0, noise: false),
            BenchPageKind.SmallPrint => Page(name, kind, paragraphs, _sans, 8, columns: 1, rotationDegrees: 0, noise: false),
            _ => Page(name, kind, paragraphs, _serif, 11, columns: 1, rotationDegrees: 1.0f, noise: true, seed: index),
        };
    }

    public void Dispose()
    {
        _sans.Dispose();
        _serif.Dispose();
    }

    private BenchPage Page(string name, BenchPageKind kind, List<string> paragraphs, SKTypeface typeface, float points,
        int columns, float rotationDegrees, bool noise, int seed = 0)
    {
        var fontSize = points * _dpi / 72f;
        var leading = fontSize * LeadingFactor;
        var gutter = 0.4f * _dpi;
        var columnWidth = (Width - 2 * Margin - (columns - 1) * gutter) / columns;
        var linesPerColumn = (int)((Height - 2 * Margin - fontSize) / leading) + 1;

        using var font = new SKFont(typeface, fontSize) { Edging = SKFontEdging.Antialias };
        var lines = Wrap(paragraphs, font, columnWidth).Take(linesPerColumn * columns).ToList();

        using var colour = new SKBitmap(Width, Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(colour))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            // A scan fed slightly askew: the whole sheet turns about its centre.
            canvas.RotateDegrees(rotationDegrees, Width / 2f, Height / 2f);
            for (var i = 0; i < lines.Count; i++)
            {
                var x = Margin + i / linesPerColumn * (columnWidth + gutter);
                var baseline = Margin + fontSize + i % linesPerColumn * leading;
                canvas.DrawText(lines[i], x, baseline, SKTextAlign.Left, font, paint);
            }
        }

        // Scanners of text produce grayscale, and Tesseract reads a grayscale PNG as it is.
        var gray = new SKBitmap(Width, Height, SKColorType.Gray8, SKAlphaType.Opaque);
        if (!colour.CopyTo(gray, SKColorType.Gray8))
        {
            gray.Dispose();
            throw new InvalidOperationException("could not convert the page to grayscale");
        }
        if (noise)
            AddScannerNoise(gray, seed);
        return new BenchPage(name, kind, gray, string.Join('\n', lines));
    }

    /// <summary>Grey paper, Gaussian sensor noise and sparse dust specks: what a cheap office scanner adds.</summary>
    internal static void AddScannerNoise(SKBitmap gray, int seed)
    {
        var random = new Random(seed);
        var pixels = gray.GetPixelSpan();
        // GetPixelSpan is read-only by signature; the bitmap owns the memory and nothing else reads it meanwhile.
        var writable = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(pixels), pixels.Length);
        for (var i = 0; i < writable.Length; i++)
        {
            // Box-Muller: one normal sample, sigma 14 grey levels, around paper at 235.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            var value = writable[i] * 235.0 / 255.0 + normal * 14.0;
            if (random.Next(2000) == 0)
                value = 40;
            writable[i] = (byte)Math.Clamp(value, 0, 255);
        }
    }

    /// <summary>Paragraphs broken into lines no wider than <paramref name="width"/> pixels in <paramref name="font"/>.</summary>
    public static IEnumerable<string> Wrap(IEnumerable<string> paragraphs, SKFont font, float width)
    {
        foreach (var paragraph in paragraphs)
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(candidate) > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            if (line.Length > 0)
                yield return line;
        }
    }

    /// <summary>A DejaVu face (e.g. "DejaVuSans.ttf") from <see cref="FontDirectory"/>, the one font source of generated pages.</summary>
    public static SKTypeface LoadFont(string file)
    {
        var path = Path.Combine(FontDirectory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Generated pages are drawn with DejaVu fonts: {path} is missing (apt-get install fonts-dejavu-core).", path);
        return SKTypeface.FromFile(path)
            ?? throw new InvalidOperationException($"SkiaSharp could not load the font {path}.");
    }
}
