using System.Collections.Concurrent;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Batch ids this process has published. A retried POST with the same idempotency key is answered without publishing
/// again (the batch saga would ignore a second submission anyway, but the inputs would be listed twice), and a batch
/// submitted a moment ago reads as Submitted even before the saga has heard of it. Holds only ids: 16 bytes a batch.
/// </summary>
public sealed class SubmittedBatches
{
    private readonly ConcurrentDictionary<Guid, byte> ids = new();

    /// <summary>True for the first caller only: that caller publishes.</summary>
    public bool TryClaim(Guid batchId) => ids.TryAdd(batchId, 0);

    /// <summary>Gives a claim back when its publish failed, so a retry publishes again.</summary>
    public void Release(Guid batchId) => ids.TryRemove(batchId, out _);

    public bool Contains(Guid batchId) => ids.ContainsKey(batchId);
}
