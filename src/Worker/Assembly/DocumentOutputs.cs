using System.Text;

namespace Fleet.Worker.Assembly;

/// <summary>A document's result written out: stored for reuse (first), then &lt;name&gt;.json and &lt;name&gt;.txt.</summary>
public static class DocumentOutputs
{
    /// <summary>
    /// The stored result is written before the outputs (unless it is where the result came from): a document is only
    /// reported done once its result can be reused.
    /// </summary>
    public static async Task<IReadOnlyList<OutputObject>> WriteAsync(IObjectStore store, string outputBucket, string outputKeyBase,
        DocumentResult result, (string Key, Guid BatchId)? storeFor, CancellationToken cancellationToken)
    {
        if (storeFor is var (storedKey, batchId))
        {
            await store.WriteAsync(outputBucket, storedKey, ResultJson.Serialize(new StoredResult(batchId, result)), "application/json", cancellationToken);
        }
        return
        [
            await store.WriteRecordedAsync(outputBucket, outputKeyBase + ".json", ResultJson.Serialize(result), "application/json", cancellationToken),
            await store.WriteRecordedAsync(outputBucket, outputKeyBase + ".txt", Encoding.UTF8.GetBytes(DocumentAssembler.PlainText(result)),
                "text/plain; charset=utf-8", cancellationToken),
        ];
    }
}
