using System.Diagnostics;
using System.Text;

namespace Fleet.Worker.Assembly;

/// <summary>Joins a document's chunk results, in page order, into &lt;name&gt;.json and &lt;name&gt;.txt.</summary>
public sealed class AssembleDocumentConsumer(IObjectStore store) : IConsumer<AssembleDocument>
{
    public async Task Consume(ConsumeContext<AssembleDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        var chunks = new List<ChunkResult>(message.ChunkKeys.Count);
        foreach (var key in message.ChunkKeys)
            chunks.Add(await store.ReadJsonAsync<ChunkResult>(message.OutputBucket, key, context.CancellationToken));

        var result = DocumentAssembler.Assemble(message.Key, message.Sha256, chunks);
        var outputs = new[]
        {
            await store.WriteRecordedAsync(message.OutputBucket, message.OutputKeyBase + ".json", ResultJson.Serialize(result), "application/json", context.CancellationToken),
            await store.WriteRecordedAsync(message.OutputBucket, message.OutputKeyBase + ".txt", Encoding.UTF8.GetBytes(DocumentAssembler.PlainText(result)), "text/plain; charset=utf-8", context.CancellationToken),
        };
        await context.Publish(new DocumentAssembled(message.DocumentId, message.BatchId, outputs, PageCounts.Of(result.Pages),
            Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
