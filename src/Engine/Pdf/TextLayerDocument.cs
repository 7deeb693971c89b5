using Fleet.Contracts.Results;
using Fleet.Engine.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Fleet.Engine.Pdf;

/// <summary>
/// The embedded text of a PDF, read with PdfPig. Tolerant by design: a document or page PdfPig cannot read yields
/// no words, so the caller falls back to OCR instead of failing a document PDFium can render.
/// </summary>
public sealed class TextLayerDocument : IDisposable
{
    private readonly PdfDocument? document;

    // PdfPig documents are not safe for concurrent use.
    private readonly Lock sync = new();

    // The file a document opened from disk reads from as pages are asked for; null for one opened from memory.
    private readonly Stream? file;

    private TextLayerDocument(PdfDocument? document, string? openError, Stream? file = null)
    {
        this.document = document;
        this.file = file;
        OpenError = openError;
    }

    /// <summary>Why PdfPig could not open the document; null when it could.</summary>
    public string? OpenError { get; }

    /// <summary>Pages PdfPig sees; 0 when it could not open the document.</summary>
    public int PageCount => document?.NumberOfPages ?? 0;

    /// <summary>No text layer at all (an image input): every page reads as empty.</summary>
    public static TextLayerDocument None => new(null, "the document has no text layer");

    public static TextLayerDocument Open(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        try
        {
            return new TextLayerDocument(PdfDocument.Open(pdf, Options()), null);
        }
        catch (Exception e)
        {
            return new TextLayerDocument(null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Opens a PDF file that PdfPig reads from disk as it needs (a seekable stream is not copied into memory). The
    /// file must not change while the document is open.
    /// </summary>
    /// <param name="path">The PDF file.</param>
    /// <param name="password">The password that opened an encrypted PDF in PDFium; null for none.</param>
    public static TextLayerDocument OpenFile(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024);
        try
        {
            return new TextLayerDocument(PdfDocument.Open(file, Options(password)), null, file);
        }
        catch (Exception e)
        {
            file.Dispose();
            return new TextLayerDocument(null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Words on a page (1-based) in the order the page draws them (<see cref="TextLayerWords"/>), boxes in points with
    /// the origin at the top-left of the page as displayed, confidence 1.
    /// Empty when the document or page cannot be read, or the page is beyond what PdfPig sees.
    /// </summary>
    public IReadOnlyList<WordResult> Words(int pageNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageNumber);
        if (document is null || pageNumber > document.NumberOfPages)
        {
            return [];
        }

        try
        {
            lock (sync)
            {
                var page = document.GetPage(pageNumber);
                var displayedHeight = DisplayedHeight(page);
                var words = TextLayerWords.Read(page.Letters)
                    ?? page.GetWords().Select(w => (TextNormaliser.Nfkc(w.Text), w.BoundingBox)).ToList();
                return words
                    .Where(w => !string.IsNullOrWhiteSpace(w.Item1))
                    .Select(w => new WordResult(w.Item1, ToTopLeft(w.Item2, displayedHeight), 1.0))
                    .ToList();
            }
        }
        catch (Exception)
        {
            // A damaged content stream or font: treat as no text layer; OCR will read the page.
            return [];
        }
    }

    public void Dispose()
    {
        document?.Dispose();
        file?.Dispose();
    }

    private static ParsingOptions Options(string? password = null)
    {
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        if (password is not null)
            options.Password = password;
        return options;
    }

    // PdfPig already maps glyphs through the crop box and /Rotate into displayed space, origin bottom-left;
    // only the y axis needs flipping. The displayed height is the crop box side that ends up vertical.
    private static double DisplayedHeight(Page page)
    {
        var crop = page.CropBox.Bounds;
        return page.Rotation.SwapsAxis ? crop.Width : crop.Height;
    }

    private static Box ToTopLeft(PdfRectangle r, double displayedHeight)
    {
        // Normalise: for rotated glyphs PdfPig's Left/Right/Top/Bottom need not be ordered.
        var left = Math.Min(r.Left, r.Right);
        var right = Math.Max(r.Left, r.Right);
        var bottom = Math.Min(r.Bottom, r.Top);
        var top = Math.Max(r.Bottom, r.Top);
        return new Box(left, displayedHeight - top, right - left, top - bottom);
    }
}
