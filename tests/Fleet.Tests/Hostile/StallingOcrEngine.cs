using Fleet.Contracts.Results;
using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Hostile;

/// <summary>
/// An OCR engine that takes too long: it waits until cancelled (as PP-OCR's recogniser does between lines), or, when
/// <paramref name="ignoreCancellationFor"/> is set, sleeps that long without looking (as the detector does).
/// </summary>
public sealed class StallingOcrEngine(TimeSpan? ignoreCancellationFor = null) : IOcrEngine
{
    public string Name => "stalling test engine";

    public OcrPage Recognise(SKBitmap page, CancellationToken cancellationToken = default)
    {
        if (ignoreCancellationFor is { } sleep)
        {
            Thread.Sleep(sleep);
            return new OcrPage([], sleep.TotalMilliseconds, 0);
        }

        cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMinutes(5));
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("the page budget never cancelled OCR");
    }
}
