namespace Fleet.Contracts.Batches;

/// <summary>Ask the batch saga where a batch stands; it answers <see cref="BatchStatus"/>, for unknown ids too.</summary>
public sealed record GetBatchStatus(Guid BatchId);
