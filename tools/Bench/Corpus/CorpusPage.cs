using SkiaSharp;

namespace Fleet.Bench.Corpus;

/// <summary>
/// One drawn page of the corpus. <see cref="Stored"/> goes into the image-only PDF Fleet reads (turned back by the
/// page's /Rotate when it has one); <see cref="Scanned"/> is the page as a scanner hands it to Tesseract (for a /Rotate
/// page, as a PDF viewer shows it); <see cref="Expected"/> is the text in reading order.
/// </summary>
public sealed record CorpusPage(CorpusPageSpec Spec, SKBitmap Stored, SKBitmap Scanned, string Expected) : IDisposable
{
    public void Dispose()
    {
        if (!ReferenceEquals(Stored, Scanned))
            Stored.Dispose();
        Scanned.Dispose();
    }
}
