namespace Fleet.Contracts.Batches;

/// <summary>
/// The manifest is written; the batch is over. <paramref name="State"/> is Completed, or Cancelled when it was
/// cancelled (<paramref name="Cancelled"/> documents never started).
/// </summary>
public sealed record BatchCompleted(Guid BatchId, string OutputBucket, string ManifestKey, int Succeeded, int Failed,
    string State = BatchStates.Completed, int Cancelled = 0);
