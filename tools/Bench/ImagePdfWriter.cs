using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Fleet.Bench;

/// <summary>
/// Writes grayscale bitmaps as an image-only PDF, one US Letter page per bitmap, the image Flate-compressed: what a
/// scanner's "scan to PDF" produces, so Fleet's side of the benchmark includes the PDFium render it does in production.
/// </summary>
public static class ImagePdfWriter
{
    public static byte[] Write(IReadOnlyList<SKBitmap> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return Write([.. pages.Select(p => new Page(p, 0, 0))]);
    }

    /// <summary>A page's image, its resolution (0: fit US Letter portrait), and its /Rotate (0, 90, 180, 270).</summary>
    public sealed record Page(SKBitmap Image, int Dpi, int Rotate);

    /// <summary>Pages sized by their image and resolution, each with its /Rotate.</summary>
    public static byte[] Write(IReadOnlyList<Page> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var output = new MemoryStream();
        var offsets = new List<long>();
        void Text(string s) => output.Write(Encoding.ASCII.GetBytes(s));
        void Begin(int number)
        {
            offsets.Add(output.Position);
            Text($"{number} 0 obj\n");
        }

        // The comment of high bytes after the header tells transfer tools the file is binary.
        Text("%PDF-1.7\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        // Objects: 1 catalog, 2 page tree, then per page three objects: page, image, content stream.
        Begin(1);
        Text("<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        Begin(2);
        var kids = string.Join(' ', Enumerable.Range(0, pages.Count).Select(i => $"{3 + 3 * i} 0 R"));
        Text($"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>\nendobj\n");
        for (var i = 0; i < pages.Count; i++)
        {
            var (page, image, content) = (3 + 3 * i, 4 + 3 * i, 5 + 3 * i);
            var bitmap = pages[i].Image;
            var (width, height) = pages[i].Dpi > 0
                ? (Points(bitmap.Width * 72.0 / pages[i].Dpi), Points(bitmap.Height * 72.0 / pages[i].Dpi))
                : ("612", "792");
            var rotate = pages[i].Rotate != 0 ? $" /Rotate {pages[i].Rotate}" : "";
            Begin(page);
            Text($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}]{rotate} /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>\nendobj\n");

            if (bitmap.ColorType != SKColorType.Gray8)
                throw new ArgumentException("Pages must be Gray8 bitmaps.", nameof(pages));
            var compressed = Compress(bitmap);
            Begin(image);
            Text($"<< /Type /XObject /Subtype /Image /Width {bitmap.Width} /Height {bitmap.Height} /ColorSpace /DeviceGray " +
                 $"/BitsPerComponent 8 /Filter /FlateDecode /Length {compressed.Length} >>\nstream\n");
            output.Write(compressed);
            Text("\nendstream\nendobj\n");

            var draw = $"q {width} 0 0 {height} 0 0 cm /Im0 Do Q";
            Begin(content);
            Text($"<< /Length {draw.Length} >>\nstream\n{draw}\nendstream\nendobj\n");
        }

        var xref = output.Position;
        Text($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            Text($"{offset:D10} 00000 n \n");
        Text($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static string Points(double value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows without Skia's stride padding, zlib-wrapped as /FlateDecode expects.</summary>
    private static byte[] Compress(SKBitmap bitmap)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var pixels = bitmap.GetPixelSpan();
            for (var y = 0; y < bitmap.Height; y++)
                zlib.Write(pixels.Slice(y * bitmap.RowBytes, bitmap.Width));
        }
        return compressed.ToArray();
    }
}
