using SkiaSharp;

namespace Fleet.Engine.Pdf;

/// <summary>One page rendered to BGRA pixels, with the scale that maps PDF points to those pixels.</summary>
public sealed class RenderedPage(SKBitmap bitmap, double pixelsPerPoint, bool downscaled) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    /// <summary>Pixels per PDF point: dpi/72, or less when the page was downscaled to fit the pixel cap.</summary>
    public double PixelsPerPoint { get; } = pixelsPerPoint;

    /// <summary>True when the requested DPI would have exceeded the pixel cap.</summary>
    public bool Downscaled { get; } = downscaled;

    public void Dispose() => Bitmap.Dispose();
}
