namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>The embedded mode's ledger: this process's memory, like the rest of the embedded fleet's state.</summary>
public sealed class InMemoryBucketDropLedger : IBucketDropLedger
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Key, Guid BatchId)> events = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> submitted = [];

    public Task<IReadOnlyDictionary<string, DropClaim>> ClaimAsync(IReadOnlyCollection<ObjectCreated> created, Guid candidate, CancellationToken cancellationToken)
    {
        var claims = new Dictionary<string, DropClaim>(StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var e in created)
            {
                if (!events.TryGetValue(e.Identity, out var entry))
                    events[e.Identity] = entry = (e.Key, candidate);
                claims[e.Identity] = new DropClaim(entry.BatchId, submitted.Contains(entry.BatchId));
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, DropClaim>>(claims);
    }

    public Task<IReadOnlyList<string>> KeysAsync(Guid batchId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<string> keys = events.Values.Where(e => e.BatchId == batchId).Select(e => e.Key)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult(keys);
        }
    }

    public Task MarkSubmittedAsync(Guid batchId, CancellationToken cancellationToken)
    {
        lock (gate) submitted.Add(batchId);
        return Task.CompletedTask;
    }
}
