using System.Diagnostics;
using System.Text;

namespace Fleet.Worker.Assembly;

/// <summary>
/// Joins a document's chunk results, in page order, into &lt;name&gt;.json and &lt;name&gt;.txt, and stores the result for
/// reuse by later documents with the same content; or writes those outputs from such a stored result.
/// </summary>
public sealed class AssembleDocumentConsumer(IObjectStore store) : IConsumer<AssembleDocument>
{
    public async Task Consume(ConsumeContext<AssembleDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        DocumentResult result;
        if (message.Reuse)
        {
            var stored = await store.ReadJsonAsync<StoredResult>(message.OutputBucket, message.StoredResultKey, context.CancellationToken);
            result = stored.Result with { Source = message.Key };
        }
        else
        {
            var chunks = new List<ChunkResult>(message.ChunkKeys.Count);
            foreach (var key in message.ChunkKeys)
                chunks.Add(await store.ReadJsonAsync<ChunkResult>(message.OutputBucket, key, context.CancellationToken));
            result = DocumentAssembler.Assemble(message.Key, message.Sha256, chunks);
            // Written before the outputs: a document is only reported done once its result can be reused.
            await store.WriteAsync(message.OutputBucket, message.StoredResultKey,
                ResultJson.Serialize(new StoredResult(message.BatchId, result)), "application/json", context.CancellationToken);
        }

        var outputs = new[]
        {
            await store.WriteRecordedAsync(message.OutputBucket, message.OutputKeyBase + ".json", ResultJson.Serialize(result), "application/json", context.CancellationToken),
            await store.WriteRecordedAsync(message.OutputBucket, message.OutputKeyBase + ".txt", Encoding.UTF8.GetBytes(DocumentAssembler.PlainText(result)), "text/plain; charset=utf-8", context.CancellationToken),
        };
        await context.Publish(new DocumentAssembled(message.DocumentId, message.BatchId, outputs, PageCounts.Of(result.Pages), result.Engines,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
