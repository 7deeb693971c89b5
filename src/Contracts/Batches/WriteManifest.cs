namespace Fleet.Contracts.Batches;

/// <summary>Every document of the batch has ended; write runs/&lt;batchId&gt;/manifest.json.</summary>
public sealed record WriteManifest(Guid BatchId, SubmitBatch Submission, DateTimeOffset ReceivedAt, IReadOnlyList<Results.ManifestDocument> Documents);
