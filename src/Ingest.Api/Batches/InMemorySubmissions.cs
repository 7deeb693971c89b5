using System.Collections.Concurrent;

namespace Fleet.Ingest.Api.Batches;

/// <summary>The embedded mode's submissions: this process's memory, which is all there is of the fleet there.</summary>
public sealed class InMemorySubmissions : ISubmissions
{
    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private long sequence;

    public Task<SubmissionClaim> ClaimAsync(Submission submission, CancellationToken cancellationToken)
    {
        var candidate = new Entry(submission with { Command = submission.Command with { Keys = null } }, SubmissionFingerprint.Of(submission),
            Interlocked.Increment(ref sequence));
        var stored = entries.GetOrAdd(submission.BatchId, candidate);
        return Task.FromResult(ReferenceEquals(stored, candidate) ? SubmissionClaim.Claimed
            : stored.Fingerprint == candidate.Fingerprint ? SubmissionClaim.Repeated : SubmissionClaim.Conflict);
    }

    public Task ReleaseAsync(Guid batchId, CancellationToken cancellationToken)
    {
        entries.TryRemove(batchId, out _);
        return Task.CompletedTask;
    }

    public Task<Submission?> FindAsync(Guid batchId, CancellationToken cancellationToken) =>
        Task.FromResult(entries.TryGetValue(batchId, out var entry) ? entry.Submission : null);

    public Task<SubmissionPage> ListAsync(string tenant, string? tag, long? after, int limit, CancellationToken cancellationToken)
    {
        var matching = entries.Values
            .Where(e => e.Submission.Tenant == tenant && (tag is null || e.Submission.Tag == tag) && (after is null || e.Sequence < after))
            .OrderByDescending(e => e.Sequence)
            .Take(limit + 1)
            .ToList();
        var items = matching.Take(limit).ToList();
        return Task.FromResult(new SubmissionPage(items.Select(e => e.Submission).ToList(), matching.Count > limit ? items[^1].Sequence : null));
    }

    public Task<IReadOnlyList<Submission>> ListRunningAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Submission>>(entries.Values.Where(e => !e.Submission.Ended).OrderByDescending(e => e.Sequence)
            .Take(limit).Select(e => e.Submission).ToList());

    public Task<int> CountRunningAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult(entries.Values.Count(e => e.Submission.Tenant == tenant && !e.Submission.Ended));

    public Task EndAsync(Guid batchId, CancellationToken cancellationToken)
    {
        Update(batchId, s => s with { Ended = true });
        return Task.CompletedTask;
    }

    public Task RecordCallbackAsync(Guid batchId, CallbackDelivery delivery, CancellationToken cancellationToken)
    {
        Update(batchId, s => s with { Callback = delivery });
        return Task.CompletedTask;
    }

    private void Update(Guid batchId, Func<Submission, Submission> change)
    {
        while (entries.TryGetValue(batchId, out var entry) && !entries.TryUpdate(batchId, entry with { Submission = change(entry.Submission) }, entry))
        {
        }
    }

    private sealed record Entry(Submission Submission, string Fingerprint, long Sequence);
}
