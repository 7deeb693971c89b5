namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The batches this API has accepted, each with its tenant and a fingerprint of its submission, recorded before the
/// submission is published. A retried POST with the same idempotency key answers the same batch without starting a
/// second one, a reused key with a different body is refused, and a batch accepted a moment ago reads as Submitted
/// before the saga has heard of it. Holds the command without its key list, never a document list.
/// </summary>
public interface ISubmissions
{
    /// <summary>Claimed for the first caller only (that caller publishes); Repeated or Conflict for a retry.</summary>
    Task<SubmissionClaim> ClaimAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when its publish failed, so a retry publishes again.</summary>
    Task ReleaseAsync(Guid batchId, CancellationToken cancellationToken);

    Task<Submission?> FindAsync(Guid batchId, CancellationToken cancellationToken);

    /// <summary>The tenant's submissions, newest first, optionally only those with <paramref name="tag"/>.</summary>
    Task<SubmissionPage> ListAsync(string tenant, string? tag, long? after, int limit, CancellationToken cancellationToken);

    /// <summary>Batches of every tenant not ended yet, newest first, at most <paramref name="limit"/> (the operators' dashboard).</summary>
    Task<IReadOnlyList<Submission>> ListRunningAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The tenant's batches not ended yet (completed, cancelled, rejected or failed).</summary>
    Task<int> CountRunningAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>The batch has ended; it no longer counts against its tenant's concurrent batches.</summary>
    Task EndAsync(Guid batchId, CancellationToken cancellationToken);

    Task RecordCallbackAsync(Guid batchId, CallbackDelivery delivery, CancellationToken cancellationToken);
}

public enum SubmissionClaim
{
    Claimed,
    Repeated,
    Conflict,
}
