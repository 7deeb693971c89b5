namespace Fleet.Contracts.Documents;

/// <summary>
/// Open the PDF once: size, hash, page count, encryption, limits; and look for a stored result of the same content
/// under the output prefix (see <see cref="Results.RunKeys.StoredResult"/>).
/// </summary>
/// <param name="OutputKeyBase">
/// Where the document's outputs go. When set, a worker may finish a short document whose every page has a good text
/// layer in this one step (see <see cref="DocumentReadInline"/>).
/// </param>
public sealed record InspectDocument(
    Guid DocumentId, Guid BatchId, string Bucket, string Key, string OutputBucket, string OutputPrefix, ProcessingOptions Options,
    string? OutputKeyBase = null);
