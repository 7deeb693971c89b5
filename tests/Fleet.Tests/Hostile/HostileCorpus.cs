using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.Tests.Hostile;

/// <summary>
/// The corpus with expected outcomes. Text mode where only opening and reading matter (fast); OCR mode where the page
/// must go through PDFium's renderer: the bomb and the poster prove the pixel cap, the image pages prove the decoders.
/// </summary>
public static class HostileCorpus
{
    public const int LongReportPages = 1_000;

    public static IEnumerable<HostileCase> Cases()
    {
        yield return new("empty.pdf", TestPdfs.Empty, ProcessingMode.Text, DocumentStatus.Failed, "empty file");
        yield return new("notes.pdf", TestPdfs.NotAPdf, ProcessingMode.Text, DocumentStatus.Failed,
            "not a PDF or an image: the file starts with neither a PDF header nor a PNG, JPEG, TIFF or WebP signature");
        yield return new("truncated.pdf", TestPdfs.Truncated, ProcessingMode.Text, DocumentStatus.Failed, "damaged PDF: PDFium could not parse it");
        yield return new("locked.pdf", () => TestPdfs.Encrypted("secret"), ProcessingMode.Text, DocumentStatus.Failed, "encrypted: password required");
        yield return new("owner-password-only.pdf", () => TestPdfs.Encrypted(""), ProcessingMode.Text, DocumentStatus.Succeeded, Pages: 1, Text: "This page is encrypted");
        yield return new("poster-200in.pdf", HostilePdfs.Poster, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: HostilePdfs.PosterLine);
        yield return new("bomb-40000px.pdf", HostilePdfs.DecompressionBomb, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: "decompression bomb");
        yield return new("rotated-90.pdf", () => TestPdfs.Rotated(90), ProcessingMode.Text, DocumentStatus.Succeeded, Pages: 1, Text: "rotated by 90 degrees");
        yield return new("rotated-180.pdf", () => TestPdfs.Rotated(180), ProcessingMode.Text, DocumentStatus.Succeeded, Pages: 1, Text: "rotated by 180 degrees");
        yield return new("rotated-270.pdf", () => TestPdfs.Rotated(270), ProcessingMode.Text, DocumentStatus.Succeeded, Pages: 1, Text: "rotated by 270 degrees");
        yield return new("mixed-sizes.pdf", HostilePdfs.MixedPageSizes, ProcessingMode.Text, DocumentStatus.Succeeded, Pages: HostilePdfs.MixedSizes.Length, Text: "a 5 by 3 inch card");
        yield return new("report-1000-pages.pdf", () => HostilePdfs.LongReport(LongReportPages), ProcessingMode.Text, DocumentStatus.Succeeded, Pages: LongReportPages, Text: "Page 1000 of the long report.");
        yield return new("alpha-image.pdf", HostilePdfs.AlphaImage, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: "soft mask");
        yield return new("cmyk-image.pdf", HostilePdfs.CmykImage, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: "CMYK");
        yield return new("ccitt-g4-image.pdf", HostilePdfs.CcittImage, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: "CCITT");
        yield return new("jbig2-image.pdf", HostilePdfs.Jbig2Image, ProcessingMode.Ocr, DocumentStatus.Succeeded, Pages: 1, Text: "JBIG2");
    }
}
