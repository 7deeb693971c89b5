using System.Runtime.InteropServices;
using Fleet.Engine.Documents;
using SkiaSharp;

namespace Fleet.Engine.Pdf;

/// <summary>
/// A PDF opened by PDFium from memory or from a file. Safe to use from several threads: every native call takes PDFium's
/// process-wide lock, so renders are serialised (PDFium itself is not thread-safe).
/// </summary>
public sealed class PdfiumDocument : IPageSource
{
    // Annotations are part of what a reader sees (stamps, filled forms); LCD subpixel text would put colour
    // fringes on glyph edges that only confuse OCR. Halftone gives smoother downsampling of embedded scans.
    private const int RenderFlags = Pdfium.FlagAnnotations | Pdfium.FlagForceHalftone;

    // A BGRA bitmap's byte size and stride must fit in an int for Skia and PDFium, whatever cap the caller asks for.
    private const long MaxBitmapPixels = int.MaxValue / 4;

    // PDF 1.7 §7.5.2 allows bytes before the header; readers in practice look within the first 1024.
    private const int HeaderWindow = 1024;

    // FPDF_LoadMemDocument reads the caller's buffer lazily without copying it: it stays pinned until Close. A document
    // opened from a file has no buffer (PDFium holds the file open instead).
    private GCHandle pin;
    private nint handle;

    private PdfiumDocument(GCHandle pin, nint handle, int pageCount, string? password)
    {
        this.pin = pin;
        this.handle = handle;
        PageCount = pageCount;
        Password = password;
    }

    public int PageCount { get; }

    /// <summary>The password that opened the document (for PdfPig to open it too); null when it needed none.</summary>
    internal string? Password { get; }

    /// <summary>
    /// Opens a PDF held in memory. The array must not be modified while the document is open.
    /// </summary>
    /// <exception cref="PdfRejectedException">The bytes are not a PDF PDFium can open, with the reason.</exception>
    public static PdfiumDocument Open(byte[] pdf, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (pdf.Length == 0)
        {
            throw new PdfRejectedException("empty file");
        }

        if (!HasPdfHeader(pdf))
        {
            throw new PdfRejectedException("not a PDF: the file does not start with a PDF header");
        }

        var pin = GCHandle.Alloc(pdf, GCHandleType.Pinned);
        try
        {
            lock (Pdfium.Sync)
            {
                Pdfium.EnsureInitialised();
                var document = Pdfium.FPDF_LoadMemDocument(pin.AddrOfPinnedObject(), pdf.Length, password);
                return Opened(document, password, pin);
            }
        }
        catch
        {
            pin.Free();
            throw;
        }
    }

    /// <summary>
    /// Opens a PDF file: PDFium reads the parts it needs from disk as pages are used, so a large document is never held
    /// whole in memory. The file must not change while the document is open.
    /// </summary>
    /// <exception cref="PdfRejectedException">The file is not a PDF PDFium can open, with the reason.</exception>
    public static PdfiumDocument OpenFile(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<byte> head = stackalloc byte[HeaderWindow];
        int read;
        using (var file = File.OpenHandle(path))
        {
            read = RandomAccess.Read(file, head, 0);
        }

        if (read == 0)
        {
            throw new PdfRejectedException("empty file");
        }

        if (head[..read].IndexOf("%PDF-"u8) < 0)
        {
            throw new PdfRejectedException("not a PDF: the file does not start with a PDF header");
        }

        lock (Pdfium.Sync)
        {
            Pdfium.EnsureInitialised();
            var document = Pdfium.FPDF_LoadDocument(path, password);
            return Opened(document, password, default);
        }
    }

    /// <summary>
    /// Opens a PDF file as <see cref="OpenFile(string, string?)"/> does, without a password first and, when it is
    /// encrypted, with each of <paramref name="passwords"/> in turn.
    /// </summary>
    /// <exception cref="PasswordRequiredException">It is encrypted and no password was given.</exception>
    /// <exception cref="PdfRejectedException">None of the passwords opens it, or it cannot be opened, with the reason.</exception>
    public static PdfiumDocument OpenFile(string path, IReadOnlyList<string> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        try
        {
            return OpenFile(path);
        }
        catch (PasswordRequiredException) when (passwords.Count > 0)
        {
        }

        foreach (var password in passwords.Where(p => p.Length > 0))
        {
            try
            {
                return OpenFile(path, password);
            }
            catch (PdfRejectedException e) when (e.Message == WrongPassword)
            {
            }
        }

        throw new PdfRejectedException(passwords.Count == 1
            ? "encrypted: wrong password (the one given for it does not open it)"
            : $"encrypted: wrong password (none of the {passwords.Count} given for it opens it)");
    }

    private const string WrongPassword = "encrypted: the password is incorrect";

    /// <summary>The document PDFium answered with, or the reason it did not; callers hold <see cref="Pdfium.Sync"/>.</summary>
    private static PdfiumDocument Opened(nint document, string? password, GCHandle pin)
    {
        if (document == 0)
        {
            var error = Pdfium.LastError();
            if (error == Pdfium.ErrPassword && string.IsNullOrEmpty(password))
                throw new PasswordRequiredException();
            throw new PdfRejectedException(ReasonFor(error));
        }

        var pageCount = Pdfium.FPDF_GetPageCount(document);
        if (pageCount <= 0)
        {
            Pdfium.FPDF_CloseDocument(document);
            throw new PdfRejectedException("damaged PDF: no pages could be found");
        }

        return new PdfiumDocument(pin, document, pageCount, string.IsNullOrEmpty(password) ? null : password);
    }

    /// <summary>Page size in points as displayed, i.e. width and height swapped for /Rotate 90 or 270.</summary>
    public (double Width, double Height) PageSize(int pageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pageIndex, PageCount);
        lock (Pdfium.Sync)
        {
            return PageSizeLocked(pageIndex);
        }
    }

    /// <summary>
    /// Renders a page at <paramref name="dpi"/> on white, as displayed (rotation applied). When that would need more
    /// than <paramref name="maxPixels"/> pixels, the page is rendered smaller to fit instead.
    /// </summary>
    public RenderedPage Render(int pageIndex, int dpi, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pageIndex, PageCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);

        var (widthPt, heightPt) = PageSize(pageIndex);
        var (width, height, scale, downscaled) = Fit(widthPt, heightPt, dpi / 72.0, Math.Min(maxPixels, MaxBitmapPixels));

        // Allocated and painted white outside the lock: 34 MB of memory writes should not hold up other threads' renders.
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        try
        {
            var pixels = bitmap.GetPixels();
            if (pixels == 0)
            {
                throw new InsufficientMemoryException($"could not allocate a {width}x{height} bitmap for page {pageIndex + 1}");
            }

            bitmap.Erase(SKColors.White);

            lock (Pdfium.Sync)
            {
                ObjectDisposedException.ThrowIf(handle == 0, this);
                var page = Pdfium.FPDF_LoadPage(handle, pageIndex);
                if (page == 0)
                {
                    throw new PdfRejectedException($"damaged PDF: page {pageIndex + 1} could not be loaded");
                }

                try
                {
                    var target = Pdfium.FPDFBitmap_CreateEx(width, height, Pdfium.BitmapFormatBgra, pixels, bitmap.RowBytes);
                    if (target == 0)
                    {
                        throw new InsufficientMemoryException($"PDFium could not wrap a {width}x{height} bitmap");
                    }

                    try
                    {
                        Pdfium.FPDF_RenderPageBitmap(target, page, 0, 0, width, height, 0, RenderFlags);
                    }
                    finally
                    {
                        Pdfium.FPDFBitmap_Destroy(target);
                    }
                }
                finally
                {
                    Pdfium.FPDF_ClosePage(page);
                }
            }

            // PDFium wrote the pixels behind Skia's back.
            bitmap.NotifyPixelsChanged();
            return new RenderedPage(bitmap, scale, downscaled);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    ~PdfiumDocument() => Close();

    internal static (int Width, int Height, double Scale, bool Downscaled) Fit(double widthPt, double heightPt, double scale, long maxPixels)
    {
        var width = Pixels(widthPt, scale);
        var height = Pixels(heightPt, scale);
        if (width * height <= maxPixels)
        {
            return ((int)width, (int)height, scale, false);
        }

        // Shrink both sides by the same factor; rounding can still land a pixel over the cap, so step down until it fits.
        scale *= Math.Sqrt(maxPixels / (width * height));
        while (true)
        {
            width = Math.Max(1, Math.Floor(widthPt * scale));
            height = Math.Max(1, Math.Floor(heightPt * scale));
            if (width * height <= maxPixels || (width == 1 && height == 1))
            {
                return ((int)width, (int)height, scale, true);
            }

            scale *= 0.999;
        }
    }

    private static double Pixels(double points, double scale) => Math.Max(1, Math.Round(points * scale));

    private (double Width, double Height) PageSizeLocked(int pageIndex)
    {
        ObjectDisposedException.ThrowIf(handle == 0, this);
        if (Pdfium.FPDF_GetPageSizeByIndex(handle, pageIndex, out var width, out var height) == 0)
        {
            throw new PdfRejectedException($"damaged PDF: the size of page {pageIndex + 1} could not be read");
        }

        return (width, height);
    }

    private void Close()
    {
        lock (Pdfium.Sync)
        {
            if (handle == 0)
            {
                return;
            }

            Pdfium.FPDF_CloseDocument(handle);
            handle = 0;
            if (pin.IsAllocated)
            {
                pin.Free();
            }
        }
    }

    private static bool HasPdfHeader(byte[] pdf) =>
        pdf.AsSpan(0, Math.Min(pdf.Length, HeaderWindow)).IndexOf("%PDF-"u8) >= 0;

    private static string ReasonFor(uint error) => error switch
    {
        Pdfium.ErrPassword => WrongPassword,
        Pdfium.ErrSecurity => "encrypted: unsupported security handler",
        Pdfium.ErrFormat => "damaged PDF: PDFium could not parse it",
        Pdfium.ErrFile => "damaged PDF: PDFium could not read the file",
        Pdfium.ErrPage => "damaged PDF: a page could not be found",
        _ => $"damaged PDF: PDFium could not open it (error {error})",
    };
}
