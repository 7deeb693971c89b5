namespace Fleet.Contracts.Batches;

/// <summary>
/// A batch's inputs were listed into the batch's document ledger, ready to dispatch. Carries the count, never the
/// documents: a batch may hold 100,000 of them. <paramref name="Submission"/> comes without its key list.
/// </summary>
public sealed record BatchReceived(Guid BatchId, SubmitBatch Submission, DocumentCount Documents, DateTimeOffset ReceivedAt);
