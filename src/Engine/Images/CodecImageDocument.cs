using Fleet.Engine.Documents;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Engine.Images;

/// <summary>A PNG, JPEG or WebP file, one page, decoded by SkiaSharp's codecs (which also read its EXIF orientation).</summary>
public sealed class CodecImageDocument : ImageDocument
{
    private readonly string path;

    private CodecImageDocument(string path, DocumentFormat format, ImagePage page) : base(format, [page]) => this.path = path;

    public static new CodecImageDocument OpenFile(string path, DocumentFormat format, ImageReading reading)
    {
        using var codec = Open(path, format);
        var origin = codec.EncodedOrigin;
        var (stored, upright) = (codec.Info.Size, SwapsSides(origin) ? new SKSizeI(codec.Info.Height, codec.Info.Width) : codec.Info.Size);
        CheckPixels(stored.Width, stored.Height, 1, 1, reading.MaxPixels);
        var density = ImageDensity.Read(path, format);
        // A stated density is of the stored pixels: turned a quarter, the image's x density is its upright y.
        var (x, y) = density is { } d ? SwapsSides(origin) ? (d.Y, d.X) : (d.X, d.Y) : ((double?)null, (double?)null);
        var resolution = ImageResolution.Of(x, y, upright.Width, upright.Height, reading.FallbackDpi);
        return new CodecImageDocument(path, format, new ImagePage(upright.Width, upright.Height, resolution, origin));
    }

    protected override SKBitmap Decode(int pageIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(pageIndex, 0);
        using var codec = Open(path, Format);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        try
        {
            if (bitmap.GetPixels() == 0)
                throw new InsufficientMemoryException($"could not allocate a {info.Width}x{info.Height} bitmap for the image");
            var result = codec.GetPixels(info, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
                throw new PdfRejectedException($"damaged image: {Describe(result, Format)}");
            bitmap.NotifyPixelsChanged();
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static SKCodec Open(string path, DocumentFormat format)
    {
        var codec = SKCodec.Create(path, out var result);
        return codec ?? throw new PdfRejectedException($"damaged image: {Describe(result == SKCodecResult.Success ? SKCodecResult.InvalidInput : result, format)}");
    }

    private static string Describe(SKCodecResult result, DocumentFormat format) => result switch
    {
        SKCodecResult.IncompleteInput => $"the {format.Name()} file ends before its pixels do (truncated)",
        SKCodecResult.ErrorInInput => $"the {format.Name()} file's pixel data is corrupt",
        SKCodecResult.InvalidInput or SKCodecResult.Unimplemented => $"not a {format.Name()} file that can be decoded",
        _ => $"the {format.Name()} file could not be decoded ({result})",
    };
}
