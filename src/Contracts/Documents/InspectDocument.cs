namespace Fleet.Contracts.Documents;

/// <summary>Open the PDF once: size, hash, page count, encryption, limits.</summary>
public sealed record InspectDocument(Guid DocumentId, Guid BatchId, string Bucket, string Key);
