using System.Diagnostics;
using Fleet.Worker.Documents;
using Fleet.Engine.Pdf;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Inspection;

/// <summary>
/// Opens a PDF once: size and page limits, hash, page count, encryption. Bad input ends the document with a reason.
/// The PDF is read through the worker's <see cref="DocumentCache"/> (hashed while it downloads), so this worker's
/// chunks of the document find it there.
/// A stored result for the same content (and DPI and mode) is named in the answer, unless the batch asked for a rerun.
/// </summary>
public sealed partial class InspectDocumentConsumer(
    IObjectStore store, DocumentCache documents, IOptions<WorkerOptions> options, ILogger<InspectDocumentConsumer> logger)
    : IConsumer<InspectDocument>
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

        // The version just looked at, and no other: a replacement meanwhile fails this try, and the retry looks again.
        using var copy = await documents.AcquireAsync(message.Bucket, message.Key, found.ETag, context.CancellationToken);
        int pageCount;
        try
        {
            using var document = PdfiumDocument.OpenFile(copy.Path);
            pageCount = document.PageCount;
        }
        catch (PdfRejectedException e)
        {
            await Reject(context, e.Message, copy.Size, copy.Sha256);
            return;
        }
        if (pageCount > limits.MaxPages)
        {
            await Reject(context, $"{pageCount:N0} pages, over the limit of {limits.MaxPages:N0}", copy.Size, copy.Sha256);
            return;
        }

        var stored = await FindStoredResult(message, copy.Sha256, context.CancellationToken);
        await context.Publish(new DocumentInspected(message.DocumentId, message.BatchId, pageCount, copy.Size, copy.Sha256,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, stored, copy.ETag));
    }

    /// <summary>
    /// The key of a reusable result for this content: any when reuse is allowed, this batch's own on a rerun. A stored
    /// result that cannot be read, or is of other content, is ignored (and replaced when this document is assembled),
    /// so one damaged object never fails the documents that would have reused it.
    /// </summary>
    private async Task<string?> FindStoredResult(InspectDocument message, string sha256, CancellationToken cancellationToken)
    {
        var key = RunKeys.StoredResult(message.OutputPrefix, sha256, message.Options);
        StoredResult stored;
        try
        {
            stored = await store.ReadJsonAsync<StoredResult>(message.OutputBucket, key, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            LogUnusableStoredResult(key, e.Message);
            return null;
        }
        if (stored.Result?.Sha256 != sha256)
        {
            LogUnusableStoredResult(key, $"it holds the result of {stored.Result?.Sha256 ?? "nothing"}");
            return null;
        }
        return !message.Options.Rerun || stored.BatchId == message.BatchId ? key : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored result {Key} is not reused, the pages are processed again: {Reason}")]
    private partial void LogUnusableStoredResult(string key, string reason);

    private static Task Reject(ConsumeContext<InspectDocument> context, string reason, long size, string? sha256) =>
        context.Publish(new DocumentRejected(context.Message.DocumentId, context.Message.BatchId, reason, size, sha256));
}
