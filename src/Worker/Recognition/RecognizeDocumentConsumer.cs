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
/// Reads a small document (a PDF or an image) whole, as one chunk of all its pages (text layer where it is good, OCR elsewhere), and
/// answers with the result; writes nothing. Bad input is answered with a reason, like a batch document's. Its OCR runs
/// ahead of the batch's at the engine's gate (<see cref="RunGate.Interactive"/>).
/// </summary>
public sealed class RecognizeDocumentConsumer(DocumentCache documents, PageChunkProcessor processor, IOptions<WorkerOptions> options)
    : IConsumer<RecognizeDocument>
{
    public async Task Consume(ConsumeContext<RecognizeDocument> context)
    {
        var message = context.Message;
        var started = Stopwatch.GetTimestamp();
        CachedDocument? found;
        try
        {
            found = await documents.AcquireCurrentAsync(message.Bucket, message.Key, options.Value.MaxFileBytes, context.CancellationToken);
        }
        catch (InputTooLargeException e)
        {
            await Refuse(context, e.Message);
            return;
        }
        if (found is null)
        {
            await Refuse(context, "the uploaded document is gone");
            return;
        }
        using var copy = found;
        try
        {
            using var document = processor.Open(copy.Path, NoPasswords, message.Options);
            var pageCount = document.PageCount;
            if (pageCount == 0 || pageCount > message.MaxPages)
            {
                await Refuse(context, pageCount == 0
                    ? "the document has no pages"
                    : $"{pageCount:N0} pages, over the limit of {message.MaxPages} for /recognize: submit it as a batch (POST /documents)");
                return;
            }
            var whole = new ProcessPageChunk(message.RequestId, Guid.Empty, 0, 1, pageCount, message.Bucket, message.Key, OutputBucket: "",
                ChunkKey: "", message.Options, copy.ETag);
            ProcessedChunk processed;
            // Someone is waiting for this answer: its model runs go before the batch chunks' waiting ones.
            using (RunGate.Interactive())
                processed = processor.Process(copy.Path, document, whole, context.CancellationToken);
            var result = DocumentAssembler.Assemble(message.Key, copy.Sha256, [processed.Result]);
            await context.RespondAsync(new DocumentRecognized(message.RequestId, result, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (Exception e) when (e is PdfRejectedException or PageTimeoutException)
        {
            await Refuse(context, e.Message);
        }
    }

    /// <summary>A request carries no password: an encrypted PDF is refused with "encrypted: password required".</summary>
    private static readonly IReadOnlyList<string> NoPasswords = [];

    private static Task Refuse(ConsumeContext<RecognizeDocument> context, string reason) =>
        context.RespondAsync(new RecognitionRefused(context.Message.RequestId, reason));
}
