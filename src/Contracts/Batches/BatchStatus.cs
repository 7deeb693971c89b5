namespace Fleet.Contracts.Batches;

/// <summary>
/// Where a batch stands: State is Unknown, Submitted, Running, Cancelling, Finishing, Completed, Cancelled, Rejected or Failed;
/// Cancelled counts the documents a cancel stopped before they started. The output bucket
/// and manifest key say where to read the manifest once completed; Reason says why a batch was rejected or failed.
/// </summary>
public sealed record BatchStatus(Guid BatchId, string State, int Documents, int Finished, int Failed, string? ManifestKey,
    string? OutputBucket = null, string? Reason = null, int Cancelled = 0);
