using Fleet.Worker.Documents;
using Fleet.Engine.Pdf;
using Microsoft.Extensions.Logging;

namespace Fleet.Worker.Chunks;

/// <summary>
/// Processes one page chunk and writes its result to the output bucket (claim check: the message carries the key, not
/// the text). The PDF is read from the worker's local copy (<see cref="DocumentCache"/>), of the version inspected when
/// the message names one. Idempotent: a redelivered chunk rewrites the same object and the document saga counts it once.
/// </summary>
public sealed partial class ProcessPageChunkConsumer(IObjectStore store, DocumentCache documents, PageChunkProcessor processor,
    ILogger<ProcessPageChunkConsumer> logger) : IConsumer<ProcessPageChunk>
{
    public async Task Consume(ConsumeContext<ProcessPageChunk> context)
    {
        var chunk = context.Message;
        LogStarted(chunk.BatchId, chunk.DocumentId, chunk.ChunkIndex, chunk.Key, chunk.FirstPage, chunk.FirstPage + chunk.PageCount - 1);
        CachedDocument copy;
        try
        {
            copy = await documents.AcquireAsync(chunk.InputBucket, chunk.Key, chunk.ETag, context.CancellationToken);
        }
        catch (ObjectChangedException e)
        {
            // The inspected version is gone: its pages cannot be read any more, and a retry would not bring them back.
            await context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, e.Message));
            return;
        }
        catch (ObjectNotFoundException) when (chunk.ETag is not null)
        {
            await context.Publish(new PageChunkFailed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex,
                $"input '{chunk.Key}' was removed since it was inspected (bucket '{chunk.InputBucket}')"));
            return;
        }

        ProcessedChunk processed;
        try
        {
            using (copy)
                processed = processor.ProcessFile(copy.Path, chunk, context.CancellationToken);
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

        await store.WriteAsync(chunk.OutputBucket, chunk.ChunkKey, ResultJson.SerializeCompact(processed.Result), "application/json", context.CancellationToken);
        await context.Publish(new PageChunkProcessed(chunk.DocumentId, chunk.BatchId, chunk.ChunkIndex, chunk.ChunkKey,
            processed.Pages, processed.Timings, processed.Result.Engines));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Chunk started: batch {BatchId}, document {DocumentId}, chunk {ChunkIndex} ({Key}, pages {FirstPage}-{LastPage})")]
    private partial void LogStarted(Guid batchId, Guid documentId, int chunkIndex, string key, int firstPage, int lastPage);
}
