namespace Fleet.Contracts.Batches;

/// <summary>Stop a batch: its waiting documents never start, those in flight finish, the manifest records the rest as cancelled.</summary>
public sealed record CancelBatch(Guid BatchId);
