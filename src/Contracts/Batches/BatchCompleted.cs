namespace Fleet.Contracts.Batches;

/// <summary>The manifest is written; the batch is over.</summary>
public sealed record BatchCompleted(Guid BatchId, string OutputBucket, string ManifestKey, int Succeeded, int Failed);
