using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The body of <c>POST /batches</c>. Every field is nullable to the binder so that a missing one is reported as a
/// validation problem naming it, not as an unreadable body; the attributes say what is required, the ranges and the
/// defaults in the OpenAPI document. A field not listed here is refused (400).
/// </summary>
public sealed record SubmitBatchRequest
{
    [Required, Description("Bucket to read documents from: PDFs, and PNG, JPEG, TIFF and WebP images (each image, or TIFF page, one OCR'd page) " +
                           "(with `./fleet serve` embedded: a folder path).")]
    public string? InputBucket { get; init; }

    [Description("Read every document (`.pdf`, `.png`, `.jpg`/`.jpeg`, `.tif`/`.tiff`, `.webp`) under this prefix (\"\" for the whole bucket). Give this or `keys`.")]
    public string? InputPrefix { get; init; }

    [Description("The documents to read, by key (a PDF or an image, whatever the name ends with). Give this or `inputPrefix`. No `.`/`..` segment, no leading `/`.")]
    public IReadOnlyList<string>? Keys { get; init; }

    [Required, Description("Bucket the results and the manifest are written to.")]
    public string? OutputBucket { get; init; }

    [Description("Prefix of every output key (a `/` is added when missing).")]
    public string? OutputPrefix { get; init; }

    [Range(72, 600), DefaultValue(300), Description("Render resolution for OCR'd pages.")]
    public int? Dpi { get; init; }

    [DefaultValue("auto"), Description("`auto`: the text layer where it passes the quality check, OCR elsewhere; `text`: never OCR; `ocr`: always OCR.")]
    public string? Mode { get; init; }

    [Range(1, 1000), DefaultValue(8), Description("Pages per work item.")]
    public int? ChunkPages { get; init; }

    [Description("Files written per document: `txt` (<name>.txt), `json` (<name>.json: pages, lines, words, boxes, confidences), " +
                 "`pdf` (<name>.pdf: the input with an invisible text layer on its OCR'd pages, searchable; an image input becomes a PDF of its pages; " +
                 "an encrypted PDF is never written decrypted), `hocr` (<name>.hocr, hOCR 1.2) " +
                 "and `alto` (<name>.alto.xml, ALTO v4). Default `[\"txt\", \"json\"]`.")]
    public IReadOnlyList<string>? Outputs { get; init; }

    [DefaultValue(true), Description("With `inputPrefix`: include documents in sub-folders.")]
    public bool? Recursive { get; init; }

    [DefaultValue(false), Description("Process files again even when a result for the same content is stored under the output prefix.")]
    public bool? Rerun { get; init; }

    [Description("Passwords for encrypted PDFs, by input key (`\"*\"`: tried on any encrypted input of the batch, after the input's own). " +
                 "An encrypted PDF without one fails `encrypted: password required`, with a wrong one `encrypted: wrong password`. " +
                 "Passwords are kept apart from the batch (never in its messages, status, manifest or logs) and deleted when it ends; " +
                 "they are not carried over to a retry.")]
    public IReadOnlyDictionary<string, string>? Passwords { get; init; }

    [MaxLength(SubmitBatchValidation.MaxTagLength), Description("Your label for the batch, echoed in its status, in `GET /batches?tag=` and in the callback.")]
    public string? Tag { get; init; }

    [Description("An absolute http(s) URL Fleet POSTs the batch's final status to, signed (see the introduction).")]
    public string? CallbackUrl { get; init; }
}
