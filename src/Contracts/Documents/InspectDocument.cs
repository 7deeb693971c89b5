namespace Fleet.Contracts.Documents;

/// <summary>
/// Open the PDF once: size, hash, page count, encryption, limits; and look for a stored result of the same content
/// under the output prefix (see <see cref="Results.RunKeys.StoredResult"/>).
/// </summary>
public sealed record InspectDocument(
    Guid DocumentId, Guid BatchId, string Bucket, string Key, string OutputBucket, string OutputPrefix, ProcessingOptions Options);
