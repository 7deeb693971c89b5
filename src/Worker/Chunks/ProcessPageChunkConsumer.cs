using Fleet.Worker.Pdf;

namespace Fleet.Worker.Chunks;

/// <summary>
/// Processes one page chunk and writes its result to the output bucket (claim check: the message carries the key, not
/// the text). Idempotent: a redelivered chunk rewrites the same object and the document saga counts it once.
/// </summary>
public sealed class ProcessPageChunkConsumer(IObjectStore store, PageChunkProcessor processor) : IConsumer<ProcessPageChunk>
{
    public async Task Consume(ConsumeContext<ProcessPageChunk> context)
    {
        var chunk = context.Message;
        var pdf = await store.ReadAllBytesAsync(chunk.InputBucket, chunk.Key, context.CancellationToken);
        ProcessedChunk processed;
        try
        {
            processed = processor.Process(pdf, chunk, context.CancellationToken);
        }
        catch (PdfRejectedException e)
        {
            // Bad input does not get better on retry.
            await context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex,
                $"pages {chunk.FirstPage}-{chunk.FirstPage + chunk.PageCount - 1}: {e.Message}"));
            return;
        }
        catch (PageTimeoutException e)
        {
            // A page that overran its budget would overrun it again: fail the document now instead of retrying.
            await context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, e.Message));
            return;
        }

        await store.WriteAsync(chunk.OutputBucket, chunk.ChunkKey, ResultJson.Serialize(processed.Result), "application/json", context.CancellationToken);
        await context.Publish(new PageChunkProcessed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, chunk.ChunkKey,
            processed.Pages, processed.Timings, processed.Result.Engines));
    }
}
