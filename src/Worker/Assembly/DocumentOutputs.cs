using System.Text;
using Fleet.Engine.Documents;
using Fleet.Worker.Outputs;

namespace Fleet.Worker.Assembly;

/// <summary>
/// A document's result written out in the formats its batch asked for (&lt;name&gt;.json, .txt, .pdf, .hocr,
/// .alto.xml), then recorded for reuse by content. Shared by the assembler and the inline text-layer path.
/// </summary>
public static class DocumentOutputs
{
    public static string Extension(OutputFormats format) => format switch
    {
        OutputFormats.Json => ".json",
        OutputFormats.Txt => ".txt",
        OutputFormats.Pdf => ".pdf",
        OutputFormats.Hocr => ".hocr",
        OutputFormats.Alto => ".alto.xml",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "one output format"),
    };

    /// <summary>
    /// The outputs are written before the reuse record (unless the result came from one), which points at the
    /// document's own &lt;name&gt;.json where there is one: a document is only reported done once its result can be
    /// reused, and the record never names a JSON not yet written. <paramref name="inputPdf"/> (a local copy of the
    /// input) is read for the searchable PDF only; an image input becomes a PDF of its pages for it
    /// (<see cref="SourceDocuments.AsPdf"/>).
    /// </summary>
    public static async Task<IReadOnlyList<OutputObject>> WriteAsync(IObjectStore store, string outputBucket, string outputKeyBase,
        DocumentResult result, OutputFormats formats, string? inputPdf, (string Key, Guid BatchId)? storeFor, CancellationToken cancellationToken)
    {
        var outputs = new List<OutputObject>();
        OutputObject? json = null;
        foreach (var format in Enum.GetValues<OutputFormats>().Where(f => f != OutputFormats.None && formats.HasFlag(f)))
        {
            // An encrypted input gets no searchable PDF: the update would have to be encrypted with its key.
            if (Render(format, result, inputPdf) is not { } content)
                continue;
            var output = await store.WriteRecordedAsync(outputBucket, outputKeyBase + Extension(format), content, ContentType(format), cancellationToken);
            outputs.Add(output);
            if (format == OutputFormats.Json)
                json = output;
        }

        if (storeFor is var (storedKey, batchId))
        {
            var record = json is not null
                ? new StoredResult(batchId, result.Sha256, result.Engines, json)
                : new StoredResult(batchId, result.Sha256, result.Engines, Result: result);
            await store.WriteAsync(outputBucket, storedKey, ResultJson.SerializeCompact(record), "application/json", cancellationToken);
        }
        return outputs;
    }

    private static byte[]? Render(OutputFormats format, DocumentResult result, string? inputPdf) => format switch
    {
        OutputFormats.Json => ResultJson.SerializeCompact(result),
        OutputFormats.Txt => Encoding.UTF8.GetBytes(DocumentAssembler.PlainText(result)),
        OutputFormats.Pdf => SearchablePdf.Write(
            SourceDocuments.AsPdf(inputPdf ?? throw new ArgumentNullException(nameof(inputPdf), "a searchable PDF needs the input"),
                result.Pages.OrderBy(p => p.Number).Select(p => (p.Width, p.Height)).ToList()),
            result),
        OutputFormats.Hocr => Hocr.Write(result),
        OutputFormats.Alto => Alto.Write(result),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "one output format"),
    };

    private static string ContentType(OutputFormats format) => format switch
    {
        OutputFormats.Json => "application/json",
        OutputFormats.Txt => "text/plain; charset=utf-8",
        OutputFormats.Pdf => "application/pdf",
        OutputFormats.Hocr => "text/html; charset=utf-8",
        _ => "application/xml",
    };
}
