using System.Buffers.Binary;
using System.IO.Compression;
using BitMiracle.LibTiff.Classic;
using Fleet.Bench;
using SkiaSharp;

namespace Fleet.Tests.Support;

/// <summary>
/// Real image files made on the fly: a page of printed text drawn with SkiaSharp, written as PNG (with or without a
/// pHYs density), JPEG (with an EXIF orientation and resolution), TIFF (CCITT G4 bilevel or LZW grayscale, any number
/// of pages, via LibTiff.NET) or WebP; and the broken ones (truncated, a decompression bomb's header).
/// </summary>
public static class TestImages
{
    private const double FontPoints = 14, MarginInches = 0.5, LineInches = 0.4;

    /// <summary>A white page of <paramref name="widthInches"/> x <paramref name="heightInches"/> at <paramref name="dpi"/>, the lines printed top-down.</summary>
    public static SKBitmap Page(string[] lines, int dpi, double widthInches = 7, double heightInches = 3)
    {
        var bitmap = new SKBitmap((int)Math.Round(widthInches * dpi), (int)Math.Round(heightInches * dpi), SKColorType.Bgra8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = BenchPageGenerator.LoadFont("DejaVuSans.ttf");
        using var font = new SKFont(typeface, (float)(FontPoints * dpi / 72)) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var i = 0; i < lines.Length; i++)
        {
            var top = (MarginInches + i * LineInches) * dpi;
            canvas.DrawText(lines[i], (float)(MarginInches * dpi), (float)(top - font.Metrics.Ascent), font, paint);
        }
        return bitmap;
    }

    /// <summary>The bitmap turned a quarter counter-clockwise: what a camera stores for a page it then tags orientation 6.</summary>
    public static SKBitmap StoredForOrientation6(SKBitmap upright)
    {
        var stored = new SKBitmap(upright.Height, upright.Width, upright.ColorType, upright.AlphaType);
        using var canvas = new SKCanvas(stored);
        // Orientation 6 says "turn 90 degrees clockwise to show": so store the page turned 90 degrees counter-clockwise.
        canvas.Translate(0, upright.Width);
        canvas.RotateDegrees(-90);
        canvas.DrawBitmap(upright, 0, 0);
        return stored;
    }

    /// <summary>A PNG; with <paramref name="dpi"/>, a pHYs chunk stating it (in pixels per metre, as PNG does).</summary>
    public static byte[] Png(SKBitmap bitmap, int? dpi = null)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var png = data.ToArray();
        if (dpi is not { } stated)
            return png;
        var perMetre = (uint)Math.Round(stated / 0.0254);
        var body = new byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(body, perMetre);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), perMetre);
        body[8] = 1;
        // Right after IHDR (8 bytes of signature, then 4 + 4 + 13 + 4).
        return [.. png.AsSpan(0, 33), .. PngChunk("pHYs", body), .. png.AsSpan(33)];
    }

    /// <summary>
    /// A PNG whose header claims <paramref name="width"/> x <paramref name="height"/> pixels over a few bytes of
    /// deflated zeros: a decompression bomb's shape, so no decoder should be asked to allocate it.
    /// </summary>
    public static byte[] PngBomb(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // grayscale
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(new byte[64 * 1024]);
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. PngChunk("IHDR", header), .. PngChunk("IDAT", deflated.ToArray()), .. PngChunk("IEND", [])];
    }

    /// <summary>A JPEG with an EXIF block giving <paramref name="orientation"/> and, when set, its resolution in DPI.</summary>
    public static byte[] Jpeg(SKBitmap bitmap, int orientation, int? dpi = null, int quality = 92)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        var jpeg = data.ToArray();
        // Skia writes SOI then (maybe) a JFIF APP0 without a density; the EXIF APP1 goes right after SOI.
        return [.. jpeg.AsSpan(0, 2), .. ExifSegment(orientation, dpi), .. jpeg.AsSpan(2)];
    }

    public static byte[] WebP(SKBitmap bitmap, int quality = 95)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Webp, quality);
        return data.ToArray();
    }

    /// <summary>A multi-page bilevel TIFF, CCITT Group 4 compressed, as fax machines and document scanners write them.</summary>
    public static byte[] TiffG4(IReadOnlyList<SKBitmap> pages, int dpi) => Tiff(pages, dpi, bilevel: true);

    /// <summary>A grayscale TIFF, LZW compressed.</summary>
    public static byte[] TiffLzw(IReadOnlyList<SKBitmap> pages, int dpi) => Tiff(pages, dpi, bilevel: false);

    /// <summary>The first <paramref name="fraction"/> of the file: what a copy cut short leaves.</summary>
    public static byte[] Truncated(byte[] file, double fraction = 0.5) => file[..(int)(file.Length * fraction)];

    private static byte[] Tiff(IReadOnlyList<SKBitmap> pages, int dpi, bool bilevel)
    {
        using var stream = new MemoryStream();
        using (var tiff = BitMiracle.LibTiff.Classic.Tiff.ClientOpen("test.tif", "w", stream, new TiffStream()))
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var page = pages[p];
                tiff.SetField(TiffTag.IMAGEWIDTH, page.Width);
                tiff.SetField(TiffTag.IMAGELENGTH, page.Height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tiff.SetField(TiffTag.BITSPERSAMPLE, bilevel ? 1 : 8);
                tiff.SetField(TiffTag.COMPRESSION, bilevel ? Compression.CCITTFAX4 : Compression.LZW);
                tiff.SetField(TiffTag.PHOTOMETRIC, bilevel ? Photometric.MINISWHITE : Photometric.MINISBLACK);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.ROWSPERSTRIP, page.Height);
                tiff.SetField(TiffTag.XRESOLUTION, (float)dpi);
                tiff.SetField(TiffTag.YRESOLUTION, (float)dpi);
                tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.INCH);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, p, pages.Count);
                var row = new byte[bilevel ? (page.Width + 7) / 8 : page.Width];
                for (var y = 0; y < page.Height; y++)
                {
                    Array.Clear(row);
                    for (var x = 0; x < page.Width; x++)
                    {
                        var colour = page.GetPixel(x, y);
                        var gray = (byte)((colour.Red * 299 + colour.Green * 587 + colour.Blue * 114) / 1000);
                        if (!bilevel)
                            row[x] = gray;
                        else if (gray < 128)
                            row[x / 8] |= (byte)(0x80 >> (x % 8)); // MinIsWhite: a set bit is black
                    }
                    tiff.WriteScanline(row, y);
                }
                tiff.WriteDirectory();
            }
        }
        return stream.ToArray();
    }

    private static byte[] ExifSegment(int orientation, int? dpi)
    {
        // A little-endian TIFF block: IFD0 with Orientation, and XResolution/YResolution/ResolutionUnit when a DPI is given.
        var entries = dpi is null ? 1 : 4;
        var ifdSize = 2 + entries * 12 + 4;
        var tiff = new byte[8 + ifdSize + (dpi is null ? 0 : 16)];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)entries);
        var at = 10;
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
            at += 12;
        }
        // Tags in ascending order, as TIFF wants: 0x0112 Orientation (SHORT), 0x011A/0x011B resolutions (RATIONAL), 0x0128 unit.
        Entry(0x0112, 3, 1, (uint)orientation);
        if (dpi is { } stated)
        {
            var rationals = 8 + ifdSize;
            Entry(0x011A, 5, 1, (uint)rationals);
            Entry(0x011B, 5, 1, (uint)rationals + 8);
            Entry(0x0128, 3, 1, 2);
            for (var i = 0; i < 2; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(rationals + i * 8), (uint)stated);
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(rationals + i * 8 + 4), 1);
            }
        }
        byte[] body = [.. "Exif\0\0"u8, .. tiff];
        var length = (ushort)(body.Length + 2);
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. body];
    }

    private static byte[] PngChunk(string type, byte[] body)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        typeBytes.CopyTo(chunk, 4);
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32([.. typeBytes, .. body]));
        return chunk;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
