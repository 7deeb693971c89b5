namespace Fleet.Contracts.Batches;

/// <summary>The batch itself cannot finish (its inputs could not be listed, its manifest cannot be written).</summary>
public sealed record BatchFailed(Guid BatchId, string Reason);
