using System.Collections.Concurrent;

namespace Fleet.Ingest.Api.Batches;

/// <summary>The embedded mode's submissions: this process's memory, which is all there is of the fleet there.</summary>
public sealed class InMemorySubmissions : ISubmissions
{
    private readonly ConcurrentDictionary<Guid, string> _fingerprints = new();

    public Task<SubmissionClaim> ClaimAsync(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var fingerprint = SubmissionFingerprint.Of(submission);
        var stored = _fingerprints.GetOrAdd(submission.BatchId, fingerprint);
        return Task.FromResult(ReferenceEquals(stored, fingerprint) ? SubmissionClaim.Claimed
            : stored == fingerprint ? SubmissionClaim.Repeated : SubmissionClaim.Conflict);
    }

    public Task ReleaseAsync(Guid batchId, CancellationToken cancellationToken)
    {
        _fingerprints.TryRemove(batchId, out _);
        return Task.CompletedTask;
    }

    public Task<bool> ContainsAsync(Guid batchId, CancellationToken cancellationToken) => Task.FromResult(_fingerprints.ContainsKey(batchId));
}
