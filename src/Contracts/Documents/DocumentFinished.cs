namespace Fleet.Contracts.Documents;

/// <summary>A document ended, succeeded or failed; the batch saga counts it and dispatches the next.</summary>
public sealed record DocumentFinished(Guid DocumentId, Guid BatchId, Results.ManifestDocument Entry);
