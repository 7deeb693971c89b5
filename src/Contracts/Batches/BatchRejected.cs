namespace Fleet.Contracts.Batches;

/// <summary>The batch could not start at all (e.g. the input prefix cannot be listed).</summary>
public sealed record BatchRejected(Guid BatchId, string Reason);
