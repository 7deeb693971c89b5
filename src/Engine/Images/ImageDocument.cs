using Fleet.Engine.Documents;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Engine.Images;

/// <summary>
/// An image input as a document: each image (or TIFF page) one page with no text layer, its size in points from its
/// resolution (<see cref="ImageResolution"/>), drawn upright (EXIF orientation applied) at the DPI asked for, as
/// PDFium would render a scan embedded in a PDF. An image of more pixels than the pixel cap is refused when it is
/// opened, before anything is decoded, so a decompression bomb costs a header read.
/// </summary>
public abstract class ImageDocument : IPageSource
{
    // A BGRA bitmap's byte size and stride must fit in an int for Skia, whatever cap the caller asks for.
    private const long MaxBitmapPixels = int.MaxValue / 4;

    protected ImageDocument(DocumentFormat format, IReadOnlyList<ImagePage> pages)
    {
        Format = format;
        Pages = pages;
    }

    public DocumentFormat Format { get; }

    public IReadOnlyList<ImagePage> Pages { get; }

    public int PageCount => Pages.Count;

    /// <summary>Opens a PNG, JPEG, WebP or TIFF file, reading its headers only.</summary>
    /// <exception cref="PdfRejectedException">The file cannot be read as an image, or is over the pixel cap.</exception>
    public static ImageDocument OpenFile(string path, DocumentFormat format, ImageReading reading) => format switch
    {
        DocumentFormat.Tiff => TiffImageDocument.OpenFile(path, reading),
        DocumentFormat.Png or DocumentFormat.Jpeg or DocumentFormat.WebP => CodecImageDocument.OpenFile(path, format, reading),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "an image format"),
    };

    public (double Width, double Height) PageSize(int pageIndex)
    {
        var page = Pages[pageIndex];
        return (page.Width * 72 / page.Resolution.DpiX, page.Height * 72 / page.Resolution.DpiY);
    }

    public RenderedPage Render(int pageIndex, int dpi, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        var (widthPt, heightPt) = PageSize(pageIndex);
        var (width, height, scale, downscaled) = PdfiumDocument.Fit(widthPt, heightPt, dpi / 72.0, Math.Min(maxPixels, MaxBitmapPixels));
        return new RenderedPage(Draw(pageIndex, width, height), scale, downscaled);
    }

    /// <summary>The page upright at its own pixel size (for a PDF made of the image).</summary>
    public SKBitmap Upright(int pageIndex) => Draw(pageIndex, Pages[pageIndex].Width, Pages[pageIndex].Height);

    /// <summary>The stored pixels of a page, before orientation (decoded on each call).</summary>
    /// <exception cref="PdfRejectedException">The pixels cannot be decoded (damaged or truncated), with the reason.</exception>
    protected abstract SKBitmap Decode(int pageIndex);

    public virtual void Dispose()
    {
    }

    protected static void CheckPixels(int width, int height, int pageNumber, int pageCount, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            throw new PdfRejectedException($"damaged image: {(pageCount > 1 ? $"page {pageNumber} is" : "it is")} {width}x{height} pixels");
        if ((long)width * height > Math.Min(maxPixels, MaxBitmapPixels))
        {
            throw new PdfRejectedException(
                $"image {(pageCount > 1 ? $"page {pageNumber} " : "")}is {width}x{height} = {(long)width * height:N0} pixels, over the limit of " +
                $"{Math.Min(maxPixels, MaxBitmapPixels):N0} (Fleet:Worker:MaxPagePixels)");
        }
    }

    private SKBitmap Draw(int pageIndex, int width, int height)
    {
        var page = Pages[pageIndex];
        using var stored = Decode(pageIndex);
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        try
        {
            if (target.GetPixels() == 0)
                throw new InsufficientMemoryException($"could not allocate a {width}x{height} bitmap for page {pageIndex + 1}");
            using var canvas = new SKCanvas(target);
            // Transparent pixels are paper.
            canvas.Clear(SKColors.White);
            canvas.Scale((float)width / page.Width, (float)height / page.Height);
            canvas.Concat(Orientation(page.Origin, stored.Width, stored.Height));
            using var image = SKImage.FromBitmap(stored);
            var sampling = width < page.Width ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKCubicResampler.Mitchell);
            canvas.DrawImage(image, 0, 0, sampling, null);
            canvas.Flush();
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>Maps the stored pixels (w x h) onto the upright image, for each EXIF/TIFF orientation.</summary>
    internal static SKMatrix Orientation(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>True when the orientation turns the image a quarter, so its upright sides are the stored ones swapped.</summary>
    protected static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
}

/// <summary>One page of an image document: its upright size in pixels, its resolution, and how the stored pixels are turned.</summary>
public sealed record ImagePage(int Width, int Height, ImageResolution Resolution, SKEncodedOrigin Origin);

/// <summary>
/// What opening an image needs from its batch and worker: the pixel cap (Fleet:Worker:MaxPagePixels) and the DPI taken
/// for an image that states none (the batch's).
/// </summary>
public sealed record ImageReading(long MaxPixels, int FallbackDpi);
