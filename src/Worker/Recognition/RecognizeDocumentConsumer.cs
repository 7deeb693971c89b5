using System.Diagnostics;
using Fleet.Contracts.Recognition;
using Fleet.Engine.Ocr;
using Fleet.Engine.Pdf;
using Fleet.Worker.Assembly;
using Fleet.Worker.Chunks;
using Fleet.Worker.Documents;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Recognition;

/// <summary>
/// Reads a small document whole, as one chunk of all its pages (text layer where it is good, OCR elsewhere), and
/// answers with the result; writes nothing. Bad input is answered with a reason, like a batch document's. Its OCR runs
/// ahead of the batch's at the engine's gate (<see cref="RunGate.Interactive"/>).
/// </summary>
public sealed class RecognizeDocumentConsumer(IObjectStore store, DocumentCache documents, PageChunkProcessor processor, IOptions<WorkerOptions> options)
    : IConsumer<RecognizeDocument>
{
    public async Task Consume(ConsumeContext<RecognizeDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        var opened = await store.OpenCurrentAsync(message.Bucket, message.Key, context.CancellationToken);
        if (opened is null)
        {
            await Refuse(context, "the uploaded document is gone");
            return;
        }
        if (opened.Object.Size > options.Value.MaxFileBytes)
        {
            await opened.DisposeAsync();
            await Refuse(context, $"file is {opened.Object.Size:N0} bytes, over the limit of {options.Value.MaxFileBytes:N0} bytes");
            return;
        }

        using var copy = await documents.AcquireAsync(message.Bucket, opened, context.CancellationToken);
        try
        {
            int pageCount;
            using (var document = PdfiumDocument.OpenFile(copy.Path))
                pageCount = document.PageCount;
            if (pageCount == 0 || pageCount > message.MaxPages)
            {
                await Refuse(context, pageCount == 0
                    ? "the PDF has no pages"
                    : $"{pageCount:N0} pages, over the limit of {message.MaxPages} for /recognize: submit it as a batch (POST /documents)");
                return;
            }
            var whole = new ProcessPageChunk(message.RequestId, Guid.Empty, 0, 1, pageCount, message.Bucket, message.Key, OutputBucket: "",
                ChunkKey: "", message.Options, copy.ETag);
            ProcessedChunk processed;
            // Someone is waiting for this answer: its model runs go before the batch chunks' waiting ones.
            using (RunGate.Interactive())
                processed = processor.ProcessFile(copy.Path, whole, context.CancellationToken);
            var result = DocumentAssembler.Assemble(message.Key, copy.Sha256, [processed.Result]);
            await context.RespondAsync(new DocumentRecognized(message.RequestId, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (Exception e) when (e is PdfRejectedException or PageTimeoutException)
        {
            await Refuse(context, e.Message);
        }
    }

    private static Task Refuse(ConsumeContext<RecognizeDocument> context, string reason) =>
        context.RespondAsync(new RecognitionRefused(context.Message.RequestId, reason));
}
