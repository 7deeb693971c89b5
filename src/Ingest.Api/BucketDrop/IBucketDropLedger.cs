namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>
/// Which batch every announced object went into (<c>fleet.bucket_drop_events</c>, keyed by <see cref="ObjectCreated.Identity"/>),
/// and whether that batch has been submitted. An event is recorded under a batch before the batch is submitted, so a
/// listener that dies in between leaves a pending batch that the next one to see any of its events submits, with
/// exactly the keys recorded: redelivered notifications never make a second batch of the same objects.
/// </summary>
public interface IBucketDropLedger
{
    /// <summary>
    /// Records each event not recorded yet under <paramref name="candidate"/>; answers, for every event, the batch it
    /// belongs to (the candidate, or an earlier one) and whether that batch was submitted.
    /// </summary>
    Task<IReadOnlyDictionary<string, DropClaim>> ClaimAsync(IReadOnlyCollection<ObjectCreated> events, Guid candidate, CancellationToken cancellationToken);

    /// <summary>The keys recorded under <paramref name="batchId"/>, each once, in ordinal order.</summary>
    Task<IReadOnlyList<string>> KeysAsync(Guid batchId, CancellationToken cancellationToken);

    Task MarkSubmittedAsync(Guid batchId, CancellationToken cancellationToken);
}

public readonly record struct DropClaim(Guid BatchId, bool Submitted);
