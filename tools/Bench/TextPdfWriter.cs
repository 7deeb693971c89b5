using System.Globalization;
using System.Text;

namespace Fleet.Bench;

/// <summary>
/// Writes small text-layer PDFs (standard Helvetica, a few lines per US Letter page, an exact xref): documents that a
/// worker reads from their text layer without OCR, so a benchmark on them measures the fleet's own cost per document.
/// </summary>
public static class TextPdfWriter
{
    private static readonly string[] Sentences =
    [
        "Invoice {0} for services rendered in the third quarter, payable within thirty days.",
        "The committee reviewed item {0} and approved the revised schedule of deliveries.",
        "Shipment {0} left the warehouse on Tuesday with forty-two cartons of spare parts.",
        "Please quote reference {0} in all correspondence about this account.",
        "Meeting notes {0}: the budget holds, the launch moves to the first week of May.",
        "Claim {0} was received, checked against the policy, and forwarded for payment.",
    ];

    /// <summary>A PDF of <paramref name="pages"/> pages whose text names <paramref name="document"/>, so no two documents share bytes.</summary>
    public static byte[] Write(int document, int pages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "", // the page tree, filled in once the pages' numbers are known
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        var kids = new List<int>();
        for (var page = 1; page <= pages; page++)
        {
            var content = new StringBuilder();
            content.Append(CultureInfo.InvariantCulture, $"BT /F1 14 Tf 72 700 Td (Document {document}, page {page} of {pages}) Tj ET\n");
            for (var line = 0; line < 5; line++)
            {
                var sentence = string.Format(CultureInfo.InvariantCulture, Sentences[(document + page + line) % Sentences.Length],
                    $"{document}-{page}-{line}");
                content.Append(CultureInfo.InvariantCulture, $"BT /F1 11 Tf 72 {670 - line * 16} Td ({sentence}) Tj ET\n");
            }
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content.ToString())} >>\nstream\n{content}endstream");
            var contentId = objects.Count;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R >>");
            kids.Add(objects.Count);
        }
        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {pages} >>";

        var output = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            // Every byte is ASCII, so the builder's length is the byte offset.
            offsets.Add(output.Length);
            output.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = output.Length;
        output.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            output.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        output.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(output.ToString());
    }
}
