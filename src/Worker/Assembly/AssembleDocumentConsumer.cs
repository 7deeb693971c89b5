using System.Diagnostics;
using Fleet.Infrastructure.Telemetry;
using Fleet.Worker.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Assembly;

/// <summary>
/// Joins a document's chunk results, in page order, into the outputs its batch asked for, records the result for
/// reuse by later documents with the same content, and deletes the chunk results (unless
/// <see cref="WorkerOptions.KeepChunkResults"/>); or writes those outputs from such a stored result.
/// A redelivery that finds the chunks deleted already assembles from the record this batch stored, so it writes the
/// same objects again.
/// </summary>
public sealed partial class AssembleDocumentConsumer(IObjectStore store, DocumentCache documents, IOptions<WorkerOptions> options,
    FleetMetrics metrics, ILogger<AssembleDocumentConsumer> logger) : IConsumer<AssembleDocument>
{
    public async Task Consume(ConsumeContext<AssembleDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        DocumentResult result;
        (string, Guid)? storeFor = null;
        if (message.Reuse)
        {
            result = await StoredResultAsync(message, anyBatch: true, context.CancellationToken)
                     ?? throw new InvalidOperationException($"the stored result {message.StoredResultKey} was removed or replaced since inspection");
        }
        else
        {
            var chunks = await ReadChunksAsync(message, context.CancellationToken);
            if (chunks is not null)
            {
                result = DocumentAssembler.Assemble(message.Key, message.Sha256, chunks);
                storeFor = (message.StoredResultKey, message.BatchId);
            }
            else
            {
                result = await StoredResultAsync(message, anyBatch: false, context.CancellationToken)
                         ?? throw new InvalidOperationException($"the chunk results of {message.Key} are gone and no result of this batch is stored");
            }
        }

        IReadOnlyList<OutputObject> outputs;
        var uploading = Stopwatch.GetTimestamp();
        if (message.Outputs.HasFlag(OutputFormats.Pdf) && message.InputBucket is { } inputBucket)
        {
            using var copy = await documents.AcquireAsync(inputBucket, message.Key, message.ETag, context.CancellationToken);
            outputs = await DocumentOutputs.WriteAsync(store, message.OutputBucket, message.OutputKeyBase, result, message.Outputs, copy.Path,
                storeFor, context.CancellationToken);
        }
        else
        {
            outputs = await DocumentOutputs.WriteAsync(store, message.OutputBucket, message.OutputKeyBase, result, message.Outputs & ~OutputFormats.Pdf,
                null, storeFor, context.CancellationToken);
        }
        var uploadMs = Stopwatch.GetElapsedTime(uploading).TotalMilliseconds;
        metrics.Stage(FleetMetrics.Stages.Upload, uploadMs);
        if (!message.Reuse && !options.Value.KeepChunkResults)
            await DeleteChunksAsync(message, context.CancellationToken);
        // Assembly and upload are separate stages, so the manifest's cost does not count the upload twice.
        var assembleMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - uploadMs;
        metrics.Stage(FleetMetrics.Stages.Assemble, assembleMs);
        await context.Publish(new DocumentAssembled(message.DocumentId, message.BatchId, outputs, PageCounts.Of(result.Pages), result.Engines, assembleMs,
            uploadMs));
    }

    /// <summary>The chunks' results, or null when one is gone (deleted by an earlier delivery of this message).</summary>
    private async Task<List<ChunkResult>?> ReadChunksAsync(AssembleDocument message, CancellationToken cancellationToken)
    {
        var chunks = new List<ChunkResult>(message.ChunkKeys.Count);
        foreach (var key in message.ChunkKeys)
        {
            try
            {
                chunks.Add(await store.ReadJsonAsync<ChunkResult>(message.OutputBucket, key, cancellationToken));
            }
            catch (ObjectNotFoundException)
            {
                return null;
            }
        }
        return chunks;
    }

    private async Task<DocumentResult?> StoredResultAsync(AssembleDocument message, bool anyBatch, CancellationToken cancellationToken)
    {
        StoredResult stored;
        try
        {
            stored = await store.ReadJsonAsync<StoredResult>(message.OutputBucket, message.StoredResultKey, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        if (stored.Sha256 != message.Sha256 || (!anyBatch && stored.BatchId != message.BatchId))
            return null;
        return await StoredResults.ResultOfAsync(store, message.OutputBucket, stored, cancellationToken) is { } result
            ? result with { Source = message.Key }
            : null;
    }

    /// <summary>The outputs and the reuse record are written: the chunk results are a copy no one reads again.</summary>
    private async Task DeleteChunksAsync(AssembleDocument message, CancellationToken cancellationToken)
    {
        foreach (var key in message.ChunkKeys)
        {
            try
            {
                await store.DeleteAsync(message.OutputBucket, key, cancellationToken);
            }
            catch (Exception e) when (e is IOException or ObjectStoreException)
            {
                LogChunkNotDeleted(key, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunk result {Key} was not deleted (it stays in the output bucket): {Reason}")]
    private partial void LogChunkNotDeleted(string key, string reason);
}
