using Fleet.Engine.Images;
using Fleet.Engine.Pdf;

namespace Fleet.Engine.Documents;

/// <summary>
/// The one place that knows what kind of document an input is: its first bytes decide whether PDFium opens it (with
/// the batch's passwords, when it is encrypted) or an image decoder does, whether it has a text layer, and how it
/// becomes a PDF for the searchable &lt;name&gt;.pdf. Everything after that reads pages through <see cref="IPageSource"/>.
/// </summary>
public static class SourceDocuments
{
    /// <exception cref="PdfRejectedException">The file is no document Fleet reads, or cannot be opened, with the reason.</exception>
    /// <exception cref="PasswordRequiredException">An encrypted PDF and no password given for it.</exception>
    public static IPageSource OpenFile(string path, IReadOnlyList<string> passwords, ImageReading images)
    {
        var format = DocumentFormats.OfFile(path);
        return format switch
        {
            DocumentFormat.Pdf => PdfiumDocument.OpenFile(path, passwords),
            DocumentFormat.Png or DocumentFormat.Jpeg or DocumentFormat.Tiff or DocumentFormat.WebP => ImageDocument.OpenFile(path, format, images),
            _ when new FileInfo(path).Length == 0 => throw new PdfRejectedException("empty file"),
            _ => throw new PdfRejectedException("not a PDF or an image: the file starts with neither a PDF header nor a PNG, JPEG, TIFF or WebP signature"),
        };
    }

    /// <summary>
    /// The text layer of an opened document: a PDF's, read by PdfPig with the password that opened it; an image has
    /// none, so each of its pages reads as empty (OCR'd in mode auto, left blank in mode text, as a scanned PDF page).
    /// </summary>
    public static TextLayerDocument OpenTextLayer(string path, IPageSource pages) =>
        pages is PdfiumDocument pdf ? TextLayerDocument.OpenFile(path, pdf.Password) : TextLayerDocument.None;

    /// <summary>
    /// The input as PDF bytes, for the searchable PDF to add its text layer to: a PDF as it is; an image as a new PDF
    /// of its pages, each the upright image filling a page of the size in <paramref name="pageSizes"/> (the result's,
    /// so the words' boxes land where they were read).
    /// </summary>
    public static byte[] AsPdf(string path, IReadOnlyList<(double Width, double Height)> pageSizes)
    {
        var format = DocumentFormats.OfFile(path);
        if (format == DocumentFormat.Pdf)
            return File.ReadAllBytes(path);
        // The pixels were read once already; no cap here beyond what the result's pages say.
        using var image = ImageDocument.OpenFile(path, format, new ImageReading(long.MaxValue, 300));
        return ImagePdf.Write(image, path, pageSizes);
    }
}
