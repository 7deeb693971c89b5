using System.Buffers.Binary;
using Fleet.Engine.Documents;

namespace Fleet.Engine.Images;

/// <summary>
/// The pixel density an image file states, in dots per inch, which SkiaSharp does not expose: PNG's pHYs chunk,
/// JPEG's EXIF XResolution/YResolution (APP1) or else its JFIF density (APP0), WebP's EXIF chunk. Null when the file
/// states none (or only an aspect ratio). Only the head of the file is read: these come before the pixels.
/// </summary>
public static class ImageDensity
{
    private const int HeadBytes = 256 * 1024;
    private const double MetresPerInch = 0.0254, CentimetresPerInch = 2.54;

    public static (double X, double Y)? Read(string path, DocumentFormat format)
    {
        byte[] head;
        using (var file = File.OpenRead(path))
        {
            head = new byte[(int)Math.Min(HeadBytes, file.Length)];
            file.ReadExactly(head);
        }
        try
        {
            return format switch
            {
                DocumentFormat.Png => Png(head),
                DocumentFormat.Jpeg => Jpeg(head),
                DocumentFormat.WebP => WebP(head),
                _ => null,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            // A chunk or segment that claims more bytes than there are: no density, the image decoder judges the rest.
            return null;
        }
    }

    private static (double, double)? Png(ReadOnlySpan<byte> data)
    {
        for (var at = 8; at + 8 <= data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            var type = data.Slice(at + 4, 4);
            if (type.SequenceEqual("pHYs"u8) && length >= 9)
            {
                var body = data.Slice(at + 8, 9);
                // Unit 1 is the metre; 0 is an aspect ratio only.
                if (body[8] != 1)
                    return null;
                return (FromMetres(BinaryPrimitives.ReadUInt32BigEndian(body)), FromMetres(BinaryPrimitives.ReadUInt32BigEndian(body[4..])));
            }
            if (type.SequenceEqual("IDAT"u8) || length < 0)
                return null;
            at += 12 + length;
        }
        return null;
    }

    // Whole pixels per metre cannot say 300 DPI exactly (11811 is 299.9994): a figure that close to a whole DPI is that DPI.
    private static double FromMetres(uint perMetre)
    {
        var dpi = perMetre * MetresPerInch;
        return Math.Abs(dpi - Math.Round(dpi)) < 0.05 ? Math.Round(dpi) : dpi;
    }

    private static (double, double)? Jpeg(ReadOnlySpan<byte> data)
    {
        (double, double)? jfif = null;
        for (var at = 2; at + 4 <= data.Length;)
        {
            var marker = data[at + 1];
            // Start of scan: the pixels follow, and no more metadata.
            if (data[at] != 0xFF || marker == 0xDA)
                break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            var body = data.Slice(at + 4, Math.Max(0, length - 2));
            if (marker == 0xE0 && body.StartsWith("JFIF\0"u8) && body.Length >= 12)
            {
                double x = BinaryPrimitives.ReadUInt16BigEndian(body[8..]), y = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
                jfif = body[7] switch
                {
                    1 => (x, y),
                    2 => (x * CentimetresPerInch, y * CentimetresPerInch),
                    _ => jfif,
                };
            }
            // EXIF first: JFIF's density is most often the encoder's default, EXIF's what the scanner or camera said.
            else if (marker == 0xE1 && body.StartsWith("Exif\0\0"u8) && Exif(body[6..]) is { } exif)
            {
                return exif;
            }
            at += 2 + length;
        }
        return jfif;
    }

    private static (double, double)? WebP(ReadOnlySpan<byte> data)
    {
        for (var at = 12; at + 8 <= data.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
            if (data.Slice(at, 4).SequenceEqual("EXIF"u8))
            {
                var body = data.Slice(at + 8, length);
                // Some writers keep JPEG's "Exif\0\0" in front of the TIFF header.
                return Exif(body.StartsWith("Exif\0\0"u8) ? body[6..] : body);
            }
            if (length < 0)
                return null;
            at += 8 + length + (length & 1);
        }
        return null;
    }

    /// <summary>XResolution, YResolution and ResolutionUnit of IFD0 of an EXIF block (a little TIFF file).</summary>
    private static (double, double)? Exif(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
            return null;
        var little = tiff[0] == (byte)'I';
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

        var ifd = (int)U32(tiff[4..]);
        var count = U16(tiff[ifd..]);
        double? x = null, y = null;
        var unit = 2;
        for (var i = 0; i < count; i++)
        {
            var entry = tiff.Slice(ifd + 2 + i * 12, 12);
            var tag = U16(entry);
            if (tag is 0x011A or 0x011B)
            {
                var at = (int)U32(entry[8..]);
                var denominator = U32(tiff[(at + 4)..]);
                double? value = denominator == 0 ? null : (double)U32(tiff[at..]) / denominator;
                if (tag == 0x011A)
                    x = value;
                else
                    y = value;
            }
            else if (tag == 0x0128)
            {
                unit = U16(entry[8..]);
            }
        }
        if (x is not { } dx || y is not { } dy)
            return null;
        return unit switch
        {
            2 => (dx, dy),
            3 => (dx * CentimetresPerInch, dy * CentimetresPerInch),
            _ => null,
        };
    }
}
