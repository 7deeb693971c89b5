using System.Diagnostics;
using Fleet.Infrastructure.Telemetry;

namespace Fleet.Worker.Assembly;

/// <summary>
/// Joins a document's chunk results, in page order, into &lt;name&gt;.json and &lt;name&gt;.txt, and stores the result for
/// reuse by later documents with the same content; or writes those outputs from such a stored result.
/// </summary>
public sealed class AssembleDocumentConsumer(IObjectStore store, FleetMetrics metrics) : IConsumer<AssembleDocument>
{
    public async Task Consume(ConsumeContext<AssembleDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        DocumentResult result;
        (string, Guid)? storeFor = null;
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
            storeFor = (message.StoredResultKey, message.BatchId);
        }

        var uploading = Stopwatch.GetTimestamp();
        var outputs = await DocumentOutputs.WriteAsync(store, message.OutputBucket, message.OutputKeyBase, result, storeFor, context.CancellationToken);
        metrics.Stage(FleetMetrics.Stages.Upload, Stopwatch.GetElapsedTime(uploading).TotalMilliseconds);
        var assembleMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        metrics.Stage(FleetMetrics.Stages.Assemble, assembleMs);
        await context.Publish(new DocumentAssembled(message.DocumentId, message.BatchId, outputs, PageCounts.Of(result.Pages), result.Engines, assembleMs));
    }
}
