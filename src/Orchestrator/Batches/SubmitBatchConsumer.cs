using Fleet.Infrastructure.Storage;

namespace Fleet.Orchestrator.Batches;

/// <summary>Lists a submitted batch's PDFs and names one document per key; the batch saga takes it from there.</summary>
public sealed class SubmitBatchConsumer(IObjectStore store) : IConsumer<SubmitBatch>
{
    public async Task Consume(ConsumeContext<SubmitBatch> context)
    {
        var submission = context.Message;
        IReadOnlyList<string> keys;
        try
        {
            keys = submission.Keys ?? await ListPdfKeys(submission, context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Publish(new BatchRejected(submission.BatchId, $"cannot list '{submission.InputPrefix}' in '{submission.InputBucket}': {e.Message}"));
            return;
        }

        // Deterministic ids keep a redelivered SubmitBatch from creating a second set of documents.
        var documents = keys
            .Select(key => new BatchDocument(DeterministicId(submission.BatchId, key), key, OutputKeyBase(submission, key)))
            .ToList();
        await context.Publish(new BatchReceived(submission.BatchId, submission, documents, DateTimeOffset.UtcNow));
    }

    private async Task<IReadOnlyList<string>> ListPdfKeys(SubmitBatch submission, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(submission.InputBucket, submission.InputPrefix, submission.Recursive, cancellationToken))
        {
            if (item.Key.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
                keys.Add(item.Key);
        }
        return keys;
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
