using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Fleet.Engine.Documents;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Engine.Images;

/// <summary>
/// A TIFF file, one page per directory, decoded by LibTiff.NET: any compression it knows (CCITT G3/G4 fax, LZW,
/// Deflate, PackBits, JPEG) and photometric, through its RGBA interface, which also applies the Orientation tag's
/// flips (orientations 5-8, the transposed ones, are read as 1-4: LibTiff's RGBA reader does not transpose).
/// </summary>
public sealed class TiffImageDocument : ImageDocument
{
    private readonly Tiff tiff;
    private readonly string path;

    // A LibTiff handle reads one directory at a time; pages are decoded one at a time.
    private readonly Lock sync = new();

    private TiffImageDocument(Tiff tiff, string path, IReadOnlyList<ImagePage> pages) : base(DocumentFormat.Tiff, pages) =>
        (this.tiff, this.path) = (tiff, path);

    public static TiffImageDocument OpenFile(string path, ImageReading reading)
    {
        TiffErrors.Listen();
        var tiff = Tiff.Open(path, "r") ?? throw new PdfRejectedException($"damaged image: {TiffErrors.For(path) ?? "not a TIFF file LibTiff can read"}");
        try
        {
            var count = tiff.NumberOfDirectories();
            if (count <= 0)
                throw new PdfRejectedException("damaged image: the TIFF file has no pages");
            var pages = new List<ImagePage>(count);
            for (short index = 0; index < count; index++)
            {
                if (!tiff.SetDirectory(index))
                    throw new PdfRejectedException($"damaged image: TIFF page {index + 1} cannot be read: {TiffErrors.For(path) ?? "bad directory"}");
                var width = Int(tiff, TiffTag.IMAGEWIDTH) ?? 0;
                var height = Int(tiff, TiffTag.IMAGELENGTH) ?? 0;
                CheckPixels(width, height, index + 1, count, reading.MaxPixels);
                var unit = (ResUnit)(Int(tiff, TiffTag.RESOLUTIONUNIT) ?? (int)ResUnit.INCH);
                var perInch = unit switch { ResUnit.INCH => 1.0, ResUnit.CENTIMETER => 2.54, _ => double.NaN };
                double? x = Float(tiff, TiffTag.XRESOLUTION) * perInch, y = Float(tiff, TiffTag.YRESOLUTION) * perInch;
                var resolution = ImageResolution.Of(x is double.NaN ? null : x, y is double.NaN ? null : y, width, height, reading.FallbackDpi);
                pages.Add(new ImagePage(width, height, resolution, SKEncodedOrigin.TopLeft));
            }
            return new TiffImageDocument(tiff, path, pages);
        }
        catch
        {
            tiff.Dispose();
            throw;
        }
    }

    protected override SKBitmap Decode(int pageIndex)
    {
        var page = Pages[pageIndex];
        var raster = new int[checked(page.Width * page.Height)];
        lock (sync)
        {
            TiffErrors.Listen();
            if (!tiff.SetDirectory((short)pageIndex) || !tiff.ReadRGBAImageOriented(page.Width, page.Height, raster, BitMiracle.LibTiff.Classic.Orientation.TOPLEFT, true))
            {
                throw new PdfRejectedException(
                    $"damaged image: {(PageCount > 1 ? $"TIFF page {pageIndex + 1}" : "the TIFF image")} cannot be decoded: {TiffErrors.For(path) ?? "LibTiff gave no reason"}");
            }
        }

        // LibTiff packs each pixel as ABGR in an int: R, G, B, A in memory order on a little-endian machine.
        var bitmap = new SKBitmap(new SKImageInfo(page.Width, page.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (bitmap.GetPixels() == 0 || bitmap.RowBytes != page.Width * 4)
        {
            bitmap.Dispose();
            throw new InsufficientMemoryException($"could not allocate a {page.Width}x{page.Height} bitmap for TIFF page {pageIndex + 1}");
        }
        Marshal.Copy(raster, 0, bitmap.GetPixels(), raster.Length);
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    public override void Dispose()
    {
        tiff.Dispose();
        base.Dispose();
    }

    private static int? Int(Tiff tiff, TiffTag tag) => tiff.GetField(tag) is { Length: > 0 } value ? value[0].ToInt() : null;

    private static double? Float(Tiff tiff, TiffTag tag) => tiff.GetField(tag) is { Length: > 0 } value ? value[0].ToFloat() : null;

    /// <summary>
    /// LibTiff's messages go to this thread's last error instead of stderr: the reason a page is refused names it, and
    /// warnings (unknown tags and the like) say nothing a user needs. LibTiff.NET keeps its handler per thread, so it is
    /// set before each use.
    /// </summary>
    private sealed class TiffErrors : TiffErrorHandler
    {
        private static readonly TiffErrors Instance = new();

        [ThreadStatic]
        private static string? last;

        /// <summary>The last message, with the worker's local copy's path (LibTiff names the file) left out of it.</summary>
        public static string? For(string path) => last?.Replace($"{path}: ", "").Replace(path, "the file");

        public static void Listen()
        {
            Tiff.SetErrorHandler(Instance);
            last = null;
        }

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
        {
            try
            {
                last = $"{method}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args)}";
            }
            catch (FormatException)
            {
                last = $"{method}: {format}";
            }
        }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
