using System.Diagnostics;
using System.Text.Json;
using Fleet.Engine.Documents;
using Fleet.Engine.Ocr;
using Fleet.Engine.Pdf;
using Fleet.Infrastructure.Passwords;
using Fleet.Infrastructure.Telemetry;
using Fleet.Worker.Assembly;
using Fleet.Worker.Chunks;
using Fleet.Worker.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Inspection;

/// <summary>
/// Opens an input once (a PDF, or an image: <see cref="Fleet.Engine.Documents.SourceDocuments"/>): size and page limits,
/// hash, page count, encryption (an encrypted PDF opens with a password given with its batch, looked up only then), and
/// an image's pixel count. Bad input ends the document with a reason. The input is read through the worker's <see cref="DocumentCache"/> (hashed while it downloads), so this worker's
/// chunks of the document find it there.
/// A stored result for the same content (and DPI and mode, and made by this worker's OCR engine where it has OCR'd
/// pages) is named in the answer, unless the batch asked for a rerun.
/// A short document whose every page has a good text layer is finished right here (see
/// <see cref="WorkerOptions.InlineTextLayerPages"/>).
/// </summary>
public sealed partial class InspectDocumentConsumer(
    IObjectStore store, DocumentCache documents, PageChunkProcessor processor, Lazy<IOcrEngine> ocr, IOptions<WorkerOptions> options,
    IBatchPasswords passwords, FleetMetrics metrics, ILogger<InspectDocumentConsumer> logger)
    : IConsumer<InspectDocument>
{
    public async Task Consume(ConsumeContext<InspectDocument> context)
    {
        var message = context.Message;
        var limits = options.Value;
        var started = Stopwatch.GetTimestamp();

        // The version found here and no other: the chunks ask for it by its ETag, so a replacement meanwhile fails them clearly.
        CachedDocument? found;
        try
        {
            found = await documents.AcquireCurrentAsync(message.Bucket, message.Key, limits.MaxFileBytes, context.CancellationToken);
        }
        catch (InputTooLargeException e)
        {
            await Reject(context, e.Message, e.Size, null);
            return;
        }
        if (found is null)
        {
            await Reject(context, "input object not found", 0, null);
            return;
        }
        using var copy = found;
        // The one GET that found the object is its download too: download is the time until the copy is in the cache.
        var downloadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        metrics.Stage(FleetMetrics.Stages.Download, downloadMs);
        IPageSource document;
        try
        {
            // Opened once, with its batch's password where it needs one: the page count and an inline read use it.
            document = await passwords.WithPasswordsAsync(message.BatchId, message.Key,
                given => processor.Open(copy.Path, given, message.Options), context.CancellationToken);
        }
        catch (PdfRejectedException e)
        {
            await Reject(context, e.Message, copy.Size, copy.Sha256);
            return;
        }
        using var opened = document;
        var pageCount = document.PageCount;
        if (pageCount > limits.MaxPages)
        {
            await Reject(context, $"{pageCount:N0} pages, over the limit of {limits.MaxPages:N0}", copy.Size, copy.Sha256);
            return;
        }

        var stored = await FindStoredResult(message, copy.Sha256, context.CancellationToken);
        var inspectMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - downloadMs;
        DocumentReadInline? readInline;
        var probing = Stopwatch.GetTimestamp();
        try
        {
            readInline = stored is null ? await ReadInline(message, copy, document, context.CancellationToken) : null;
        }
        catch (Exception e) when (e is PdfRejectedException or PageTimeoutException)
        {
            await Reject(context, e.Message, copy.Size, copy.Sha256);
            return;
        }
        // A text layer tried and found wanting was part of deciding how to read the document: inspection's time.
        if (readInline is null)
            inspectMs += Stopwatch.GetElapsedTime(probing).TotalMilliseconds;
        metrics.Stage(FleetMetrics.Stages.Inspect, inspectMs);
        await context.Publish(new DocumentInspected(message.DocumentId, message.BatchId, pageCount, copy.Size, copy.Sha256,
            inspectMs, stored, copy.ETag, readInline, downloadMs));
    }

    /// <summary>
    /// The document read from its text layers and written out, when it is short and every page's text layer is good;
    /// null when it goes the chunked way (nothing has been written then).
    /// </summary>
    private async Task<DocumentReadInline?> ReadInline(InspectDocument message, CachedDocument copy, IPageSource document, CancellationToken cancellationToken)
    {
        if (message.OutputKeyBase is null || document.PageCount > options.Value.InlineTextLayerPages)
            return null;
        var wholeDocument = new ProcessPageChunk(message.DocumentId, message.BatchId, 0, 1, document.PageCount, message.Bucket, message.Key,
            message.OutputBucket, ChunkKey: "", message.Options, copy.ETag);
        var processed = processor.ProcessTextLayer(copy.Path, document, wholeDocument, cancellationToken);
        if (processed is null)
            return null;

        var started = Stopwatch.GetTimestamp();
        var result = DocumentAssembler.Assemble(message.Key, copy.Sha256, [processed.Result]);
        var uploading = Stopwatch.GetTimestamp();
        var outputs = await DocumentOutputs.WriteAsync(store, message.OutputBucket, message.OutputKeyBase, result, message.Options.Outputs, copy.Path,
            (RunKeys.StoredResult(message.OutputPrefix, copy.Sha256, message.Options), message.BatchId), cancellationToken);
        var uploadMs = Stopwatch.GetElapsedTime(uploading).TotalMilliseconds;
        var assembleMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - uploadMs;
        // No chunk message follows for these pages: they count here.
        metrics.PagesRead(processed);
        metrics.Stage(FleetMetrics.Stages.Assemble, assembleMs);
        metrics.Stage(FleetMetrics.Stages.Upload, uploadMs);
        return new DocumentReadInline(processed.Pages, processed.Timings with { UploadMs = uploadMs }, processed.Result.Engines, outputs, assembleMs);
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
        if (stored.Sha256 != sha256)
        {
            LogUnusableStoredResult(key, $"it holds the result of {stored.Sha256 ?? "nothing"}");
            return null;
        }
        if (!message.Options.Rerun || stored.BatchId == message.BatchId)
        {
            // Text layers read the same whatever the engine; OCR'd pages only count as this worker's if its engine made them.
            var ocrEngines = (stored.Engines ?? []).Where(e => e != PageChunkProcessor.TextLayerEngine).ToList();
            if (ocrEngines.Count > 0 && ocrEngines.Any(e => e != ocr.Value.Name))
            {
                LogUnusableStoredResult(key, $"it was made by {string.Join(", ", ocrEngines)}, not by this worker's {ocr.Value.Name}");
                return null;
            }
            if (await StoredResults.ResultOfAsync(store, message.OutputBucket, stored, cancellationToken) is null)
            {
                LogUnusableStoredResult(key, $"the result it points at ({stored.Json?.Key ?? "none"}) was removed or replaced since");
                return null;
            }
            return key;
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored result {Key} is not reused, the pages are processed again: {Reason}")]
    private partial void LogUnusableStoredResult(string key, string reason);

    private static Task Reject(ConsumeContext<InspectDocument> context, string reason, long size, string? sha256) =>
        context.Publish(new DocumentRejected(context.Message.DocumentId, context.Message.BatchId, reason, size, sha256));
}
