using Fleet.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Lists a submitted batch's documents (PDFs and images, <see cref="InputFiles"/>) into the batch's ledger, a page at a time: one document per key, with a
/// deterministic id and listing sequence number (so a redelivered SubmitBatch adds nothing twice), an output name no
/// other input of the batch has (<see cref="OutputKeys"/>), and a mark on files whose bytes repeat an earlier one's.
/// A key Fleet refuses enters finished, failed with the reason. The batch saga takes it from there.
/// </summary>
public sealed class SubmitBatchConsumer(IObjectStore store, IBatchDocuments documents, IOptions<OrchestratorOptions> options) : IConsumer<SubmitBatch>
{
    public async Task Consume(ConsumeContext<SubmitBatch> context)
    {
        var submission = context.Message;
        var cancellationToken = context.CancellationToken;
        var sameContent = new SameContentFinder(store, submission.InputBucket, options.Value);
        var page = new List<Input>(options.Value.ListingPageSize);
        long listed = 0;
        try
        {
            await foreach (var input in Inputs(submission, cancellationToken))
            {
                page.Add(input);
                if (page.Count < options.Value.ListingPageSize)
                    continue;
                await AddPage(submission, page, listed, sameContent, cancellationToken);
                listed += page.Count;
                page.Clear();
            }
            await AddPage(submission, page, listed, sameContent, cancellationToken);
            listed += page.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Publish(new BatchRejected(submission.BatchId, $"cannot list '{submission.InputPrefix}' in '{submission.InputBucket}': {e.Message}"));
            return;
        }

        await context.Publish(new BatchReceived(submission.BatchId, submission with { Keys = null }, new DocumentCount(checked((int)listed)), DateTimeOffset.UtcNow));
    }

    private async IAsyncEnumerable<Input> Inputs(SubmitBatch submission, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (submission.Keys is null)
        {
            await foreach (var item in store.ListAsync(submission.InputBucket, submission.InputPrefix, submission.Recursive, cancellationToken))
            {
                if (InputFiles.IsInput(item.Key))
                    yield return new Input(item, InputKeyRefusal.For(item.Key) ?? TooBig(item));
            }
            yield break;
        }

        // Each named key once (a key's document id derives from it); a missing one keeps size -1 and fails at
        // inspection with its own reason; one the store refuses fails here with the store's reason.
        foreach (var key in submission.Keys.Distinct(StringComparer.Ordinal))
        {
            if (InputKeyRefusal.For(key) is { } refusal)
            {
                yield return new Input(new StoredObject(key, -1), refusal);
                continue;
            }
            StoredObject? found;
            string? refused = null;
            try
            {
                found = await store.FindAsync(submission.InputBucket, key, cancellationToken);
            }
            catch (ArgumentException e)
            {
                (found, refused) = (null, $"the input store refuses the key: {e.Message}");
            }
            yield return new Input(found ?? new StoredObject(key, -1), refused ?? (found is null ? null : TooBig(found)));
        }
    }

    private string? TooBig(StoredObject item) =>
        item.Size > options.Value.MaxFileBytes
            ? $"the file is {item.Size:N0} bytes, over the limit of {options.Value.MaxFileBytes:N0} (Fleet:Orchestrator:MaxFileBytes)"
            : null;

    private async Task AddPage(SubmitBatch submission, List<Input> page, long firstSequence, SameContentFinder sameContent, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
            return;
        var ids = page.Select(input => DeterministicId(submission.BatchId, input.Item.Key)).ToList();
        var candidates = page.Select(input => OutputKeys.Candidates(OutputKeys.Base(submission, input.Item.Key), input.Item.Key)).ToList();
        var owners = await documents.OutputKeyBaseOwnersAsync(submission.BatchId, candidates.SelectMany(c => c).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var claimed = new Dictionary<string, Guid>(StringComparer.Ordinal);
        bool Free(string outputKeyBase, Guid id) =>
            (!claimed.TryGetValue(outputKeyBase, out var inPage) || inPage == id) && (!owners.TryGetValue(outputKeyBase, out var owner) || owner == id);

        var rows = new List<ListedDocument>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            var (item, refusal) = page[i];
            var outputKeyBase = candidates[i].FirstOrDefault(c => Free(c, ids[i])) ?? candidates[i][^1];
            claimed[outputKeyBase] = ids[i];
            var same = refusal is null ? await sameContent.FirstWithSameContent(ids[i], item, cancellationToken) : null;
            rows.Add(new ListedDocument(ids[i], firstSequence + i, item.Key, outputKeyBase, same, refusal));
        }
        await documents.AddAsync(submission.BatchId, rows, cancellationToken);
    }

    public static Guid DeterministicId(Guid batchId, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{batchId:N}/{key}"), hash);
        return new Guid(hash[..16]);
    }

    private readonly record struct Input(StoredObject Item, string? Refusal);
}
