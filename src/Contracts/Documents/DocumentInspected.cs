namespace Fleet.Contracts.Documents;

/// <param name="StoredResultKey">Set when a stored result of the same content will be reused instead of processing the pages.</param>
/// <param name="ETag">The input object's version as inspected, when the store has one; its chunks read that version.</param>
public sealed record DocumentInspected(
    Guid DocumentId, Guid BatchId, int PageCount, long SizeBytes, string Sha256, double InspectMs, string? StoredResultKey = null, string? ETag = null);
