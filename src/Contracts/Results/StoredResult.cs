namespace Fleet.Contracts.Results;

/// <summary>
/// A finished document's result as kept for reuse (<see cref="RunKeys.StoredResult"/>), with the batch that made it:
/// a rerun ignores results made before it but still shares its own between identical files.
/// </summary>
public sealed record StoredResult(Guid BatchId, DocumentResult Result);
