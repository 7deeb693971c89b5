using Fleet.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Lists a submitted batch's PDFs and names one document per key, marking files whose bytes repeat an earlier one's;
/// the batch saga takes it from there.
/// </summary>
public sealed class SubmitBatchConsumer(IObjectStore store, IOptions<OrchestratorOptions> options) : IConsumer<SubmitBatch>
{
    public async Task Consume(ConsumeContext<SubmitBatch> context)
    {
        var submission = context.Message;
        IReadOnlyList<StoredObject> inputs;
        try
        {
            inputs = submission.Keys is { } keys ? await Find(submission, keys, context.CancellationToken) : await ListPdfs(submission, context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Publish(new BatchRejected(submission.BatchId, $"cannot list '{submission.InputPrefix}' in '{submission.InputBucket}': {e.Message}"));
            return;
        }

        // Deterministic ids keep a redelivered SubmitBatch from creating a second set of documents.
        var ids = inputs.Select(input => DeterministicId(submission.BatchId, input.Key)).ToList();
        var firstWithSameContent = await SameContent(submission.InputBucket, inputs, context.CancellationToken);
        var documents = inputs
            .Select((input, i) => new BatchDocument(ids[i], input.Key, OutputKeyBase(submission, input.Key),
                firstWithSameContent.TryGetValue(i, out var first) ? ids[first] : null))
            .ToList();
        await context.Publish(new BatchReceived(submission.BatchId, submission, documents, DateTimeOffset.UtcNow));
    }

    private async Task<IReadOnlyList<StoredObject>> ListPdfs(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var found = new List<StoredObject>();
        await foreach (var item in store.ListAsync(submission.InputBucket, submission.InputPrefix, submission.Recursive, cancellationToken))
        {
            if (item.Key.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
                found.Add(item);
        }
        return found;
    }

    /// <summary>
    /// Named keys with their sizes, each key once (a key's document id derives from it); a missing one keeps size -1
    /// and fails at inspection with its own reason.
    /// </summary>
    private async Task<IReadOnlyList<StoredObject>> Find(SubmitBatch submission, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new List<StoredObject>(keys.Count);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
            found.Add(await store.FindAsync(submission.InputBucket, key, cancellationToken) ?? new StoredObject(key, -1));
        return found;
    }

    /// <summary>
    /// For each input that repeats an earlier one's bytes, the index of the first. Only files that share a size (up to
    /// <see cref="OrchestratorOptions.MaxHashBytes"/>) are read and hashed, so a batch without same-sized files costs
    /// nothing more than its listing.
    /// </summary>
    private async Task<Dictionary<int, int>> SameContent(string bucket, IReadOnlyList<StoredObject> inputs, CancellationToken cancellationToken)
    {
        var repeats = new Dictionary<int, int>();
        foreach (var sameSize in Enumerable.Range(0, inputs.Count).Where(i => inputs[i].Size > 0 && inputs[i].Size <= options.Value.MaxHashBytes).GroupBy(i => inputs[i].Size).Where(g => g.Count() > 1))
        {
            var firstByHash = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in sameSize)
            {
                string hash;
                try
                {
                    hash = ObjectStoreExtensions.Sha256Hex(await store.ReadAllBytesAsync(bucket, inputs[i].Key, cancellationToken));
                }
                catch (ObjectNotFoundException)
                {
                    continue; // Gone since the listing: its inspection reports that.
                }
                if (!firstByHash.TryAdd(hash, i))
                    repeats[i] = firstByHash[hash];
            }
        }
        return repeats;
    }

    /// <summary>"in/sub/report.pdf" under input prefix "in/" and output prefix "out/" becomes "out/sub/report".</summary>
    public static string OutputKeyBase(SubmitBatch submission, string key)
    {
        var relative = key.StartsWith(submission.InputPrefix, StringComparison.Ordinal) ? key[submission.InputPrefix.Length..] : key;
        var extension = Path.GetExtension(relative);
        return submission.OutputPrefix + (extension.Length > 0 ? relative[..^extension.Length] : relative);
    }

    private static Guid DeterministicId(Guid batchId, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{batchId:N}/{key}"), hash);
        return new Guid(hash[..16]);
    }
}
