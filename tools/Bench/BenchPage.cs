using SkiaSharp;

namespace Fleet.Bench;

/// <summary>The kinds of page the benchmark draws; each stresses a different part of an OCR pipeline.</summary>
public enum BenchPageKind
{
    SingleColumn,
    TwoColumns,
    SmallPrint,
    RotatedNoisyScan,
}

/// <summary>One generated page: grayscale pixels and the text a perfect reader would return, in reading order.</summary>
public sealed record BenchPage(string Name, BenchPageKind Kind, SKBitmap Image, string Expected) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
