using Fleet.Engine.Documents;
using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Fleet.Engine.Images;

/// <summary>
/// An image input made a PDF, one page per image (or TIFF page), each page the upright image at its size in points, so
/// the searchable PDF can add its invisible text layer as it does for a scanned PDF. A JPEG stored upright keeps its
/// own bytes (no recompression); other pages are stored losslessly (PNG-coded, Flate in the PDF).
/// </summary>
public static class ImagePdf
{
    public static byte[] Write(ImageDocument image, string path, IReadOnlyList<(double Width, double Height)> pageSizes)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(pageSizes.Count, image.PageCount);
        using var builder = new PdfDocumentBuilder();
        for (var i = 0; i < image.PageCount; i++)
        {
            var (width, height) = pageSizes[i];
            var page = builder.AddPage(width, height);
            var placement = new PdfRectangle(0, 0, width, height);
            if (image.Format == DocumentFormat.Jpeg && image.Pages[i].Origin == SKEncodedOrigin.TopLeft)
            {
                page.AddJpeg(File.ReadAllBytes(path), placement);
                continue;
            }
            using var upright = image.Upright(i);
            using var png = upright.Encode(SKEncodedImageFormat.Png, 100);
            page.AddPng(png.ToArray(), placement);
        }
        return builder.Build();
    }
}
