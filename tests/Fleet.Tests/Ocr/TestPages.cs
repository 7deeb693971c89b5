using Fleet.Bench;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

/// <summary>Letter pages at 300 DPI with known text, drawn the way a clean scan looks.</summary>
internal static class TestPages
{
    public const int Width = 2550;
    public const int Height = 3300;
    public const int Margin = 300;
    public const float FontSize = 46; // about 11 pt at 300 DPI
    public const float LeadingFactor = 1.35f;
    public const float Leading = FontSize * LeadingFactor;

    /// <summary>Loaded from its file: SkiaSharp's dependency-free native build has no fontconfig to find it by name.</summary>
    public static SKTypeface Typeface { get; } = BenchPageGenerator.LoadFont("DejaVuSans.ttf");

    /// <summary>Wraps paragraphs into lines no wider than <paramref name="width"/> pixels.</summary>
    public static List<string> Wrap(IEnumerable<string> paragraphs, float width, float fontSize = FontSize)
    {
        using var font = new SKFont(Typeface, fontSize);
        return BenchPageGenerator.Wrap(paragraphs, font, width).ToList();
    }

    /// <summary>The paragraphs repeated until a single-column page between 1-inch margins is full (about 40 lines).</summary>
    public static List<string> FullPageLines(IReadOnlyList<string> paragraphs)
    {
        var capacity = (int)((Height - 2 * Margin - FontSize) / Leading) + 1;
        var lines = new List<string>();
        while (lines.Count < capacity)
            lines.AddRange(Wrap(paragraphs, Width - 2 * Margin));
        return lines.Take(capacity).ToList();
    }

    public static SKBitmap Blank()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        return bitmap;
    }

    /// <summary>Draws lines from the top of a text block; returns the y below the last line.</summary>
    public static float DrawLines(SKBitmap page, IEnumerable<string> lines, float x, float top, float fontSize = FontSize)
    {
        using var canvas = new SKCanvas(page);
        using var font = new SKFont(Typeface, fontSize) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var baseline = top + fontSize;
        foreach (var line in lines)
        {
            canvas.DrawText(line, x, baseline, SKTextAlign.Left, font, paint);
            baseline += fontSize * LeadingFactor;
        }
        return baseline - fontSize;
    }
}
