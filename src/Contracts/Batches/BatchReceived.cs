namespace Fleet.Contracts.Batches;

/// <summary>A batch's inputs were listed: one document per key, ready to dispatch.</summary>
public sealed record BatchReceived(Guid BatchId, SubmitBatch Submission, IReadOnlyList<BatchDocument> Documents, DateTimeOffset ReceivedAt);

/// <param name="SameContentAs">An earlier document of the batch with the same bytes: this one starts after it and reuses its result.</param>
public sealed record BatchDocument(Guid DocumentId, string Key, string OutputKeyBase, Guid? SameContentAs = null);
