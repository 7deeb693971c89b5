namespace Fleet.Contracts;

/// <summary>
/// The files Fleet reads as documents, by name: PDFs, and PNG, JPEG, TIFF and WebP images (each image, or TIFF page, is
/// one page that is OCR'd). Every lister (the batch listing, <c>fleet run</c>/<c>watch</c>, the bucket drop) asks
/// here; what a file really is, is decided by its first bytes when a worker opens it.
/// </summary>
public static class InputFiles
{
    public static readonly IReadOnlyList<string> Extensions = [".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"];

    /// <summary>What the listers take, for messages: "PDF, PNG, JPEG, TIFF or WebP".</summary>
    public const string Kinds = "PDF, PNG, JPEG, TIFF or WebP";

    public static bool IsInput(string key) =>
        Extensions.Any(extension => key.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
