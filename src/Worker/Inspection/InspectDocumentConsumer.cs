using System.Diagnostics;
using Fleet.Worker.Pdf;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Inspection;

/// <summary>
/// Opens a PDF once: size and page limits, hash, page count, encryption. Bad input ends the document with a reason.
/// A stored result for the same content (and DPI and mode) is named in the answer, unless the batch asked for a rerun.
/// </summary>
public sealed class InspectDocumentConsumer(IObjectStore store, IOptions<WorkerOptions> options) : IConsumer<InspectDocument>
{
    public async Task Consume(ConsumeContext<InspectDocument> context)
    {
        var message = context.Message;
        var limits = options.Value;
        var started = Stopwatch.GetTimestamp();

        var found = await store.FindAsync(message.Bucket, message.Key, context.CancellationToken);
        if (found is null)
        {
            await Reject(context, "input object not found", 0, null);
            return;
        }
        if (found.Size > limits.MaxFileBytes)
        {
            await Reject(context, $"file is {found.Size:N0} bytes, over the limit of {limits.MaxFileBytes:N0} bytes", found.Size, null);
            return;
        }

        var bytes = await store.ReadAllBytesAsync(message.Bucket, message.Key, context.CancellationToken);
        var sha256 = ObjectStoreExtensions.Sha256Hex(bytes);
        int pageCount;
        try
        {
            using var document = PdfiumDocument.Open(bytes);
            pageCount = document.PageCount;
        }
        catch (PdfRejectedException e)
        {
            await Reject(context, e.Message, bytes.LongLength, sha256);
            return;
        }
        if (pageCount > limits.MaxPages)
        {
            await Reject(context, $"{pageCount:N0} pages, over the limit of {limits.MaxPages:N0}", bytes.LongLength, sha256);
            return;
        }

        var stored = await FindStoredResult(message, sha256, context.CancellationToken);
        await context.Publish(new DocumentInspected(message.DocumentId, message.BatchId, pageCount, bytes.LongLength, sha256,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, stored));
    }

    /// <summary>The key of a reusable result for this content: any when reuse is allowed, this batch's own on a rerun.</summary>
    private async Task<string?> FindStoredResult(InspectDocument message, string sha256, CancellationToken cancellationToken)
    {
        var key = RunKeys.StoredResult(message.OutputPrefix, sha256, message.Options);
        if (await store.FindAsync(message.OutputBucket, key, cancellationToken) is null)
            return null;
        if (!message.Options.Rerun)
            return key;
        var stored = await store.ReadJsonAsync<StoredResult>(message.OutputBucket, key, cancellationToken);
        return stored.BatchId == message.BatchId ? key : null;
    }

    private static Task Reject(ConsumeContext<InspectDocument> context, string reason, long size, string? sha256) =>
        context.Publish(new DocumentRejected(context.Message.DocumentId, context.Message.BatchId, reason, size, sha256));
}
