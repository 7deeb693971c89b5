namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The batches this API has accepted, each with a fingerprint of its submission, recorded before the submission is
/// published. A retried POST with the same idempotency key answers the same batch without starting a second one, a
/// reused key with a different body is refused, and a batch accepted a moment ago reads as Submitted before the saga
/// has heard of it. Holds an id and a hash per batch, nothing from the body itself.
/// </summary>
public interface ISubmissions
{
    /// <summary>Claimed for the first caller only (that caller publishes); Repeated or Conflict for a retry.</summary>
    Task<SubmissionClaim> ClaimAsync(SubmitBatch submission, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when its publish failed, so a retry publishes again.</summary>
    Task ReleaseAsync(Guid batchId, CancellationToken cancellationToken);

    Task<bool> ContainsAsync(Guid batchId, CancellationToken cancellationToken);
}

public enum SubmissionClaim
{
    Claimed,
    Repeated,
    Conflict,
}
