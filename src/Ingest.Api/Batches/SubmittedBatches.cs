using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fleet.Contracts.Results;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Batches this process has published, with a fingerprint of each submission. A retried POST with the same idempotency
/// key is answered without publishing again (the batch saga would ignore a second submission, but the inputs would be
/// listed twice), a reused key with a different body is refused, and a batch submitted a moment ago reads as Submitted
/// even before the saga has heard of it. Holds an id and a hash per batch, nothing from the body itself.
/// </summary>
public sealed class SubmittedBatches
{
    private readonly ConcurrentDictionary<Guid, string> fingerprints = new();

    /// <summary>Claimed for the first caller only (that caller publishes); Repeated or Conflict for a retry.</summary>
    public SubmissionClaim Claim(SubmitBatch submission)
    {
        var fingerprint = Fingerprint(submission);
        var stored = fingerprints.GetOrAdd(submission.BatchId, fingerprint);
        if (ReferenceEquals(stored, fingerprint))
            return SubmissionClaim.Claimed;
        return stored == fingerprint ? SubmissionClaim.Repeated : SubmissionClaim.Conflict;
    }

    /// <summary>Gives a claim back when its publish failed, so a retry publishes again.</summary>
    public void Release(Guid batchId) => fingerprints.TryRemove(batchId, out _);

    public bool Contains(Guid batchId) => fingerprints.ContainsKey(batchId);

    private static string Fingerprint(SubmitBatch submission) => Convert.ToHexString(SHA256.HashData(ResultJson.Serialize(submission)));
}

public enum SubmissionClaim
{
    Claimed,
    Repeated,
    Conflict,
}
