namespace Fleet.Contracts.Batches;

/// <summary>
/// Every document of the batch has ended; write runs/&lt;batchId&gt;/manifest.json from the batch's document ledger.
/// <paramref name="Submission"/> comes without its key list; <paramref name="Cancelled"/> when the batch was cancelled.
/// </summary>
public sealed record WriteManifest(Guid BatchId, SubmitBatch Submission, DateTimeOffset ReceivedAt, bool Cancelled = false);
