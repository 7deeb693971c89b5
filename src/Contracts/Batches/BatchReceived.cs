namespace Fleet.Contracts.Batches;

/// <summary>A batch's inputs were listed: one document per key, ready to dispatch.</summary>
public sealed record BatchReceived(Guid BatchId, SubmitBatch Submission, IReadOnlyList<BatchDocument> Documents, DateTimeOffset ReceivedAt);

public sealed record BatchDocument(Guid DocumentId, string Key, string OutputKeyBase);
