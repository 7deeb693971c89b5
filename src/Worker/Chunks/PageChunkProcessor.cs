using System.Diagnostics;
using Fleet.Engine.Documents;
using Fleet.Engine.Images;
using Fleet.Engine.Ocr;
using Fleet.Engine.Pdf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Chunks;

/// <summary>
/// The heart of a worker: for each page of a chunk, take the text layer when it is good (or when mode is text), else
/// render the page and OCR it (or always, when mode is ocr). Boxes come out in PDF points, top-left origin. Inputs are
/// opened by <see cref="SourceDocuments"/>: an image's pages have an empty text layer, so they are OCR'd as scans are.
/// </summary>
public sealed partial class PageChunkProcessor(Lazy<IOcrEngine> ocr, IOptions<WorkerOptions> options, ILogger<PageChunkProcessor> logger)
{
    public const string TextLayerEngine = "text layer (PdfPig)";

    public ProcessedChunk Process(byte[] pdf, ProcessPageChunk chunk, CancellationToken cancellationToken)
    {
        using var document = PdfiumDocument.Open(pdf);
        using var textLayer = chunk.Options.Mode == ProcessingMode.Ocr ? null : TextLayerDocument.Open(pdf);
        return Process(document, textLayer, chunk, cancellationToken)!;
    }

    /// <summary>
    /// The chunk's pages of an input file (a PDF or an image) on local disk, read as they are needed rather than loaded
    /// whole; an encrypted PDF opens with one of <paramref name="passwords"/>.
    /// </summary>
    public ProcessedChunk ProcessFile(string path, ProcessPageChunk chunk, IReadOnlyList<string> passwords, CancellationToken cancellationToken)
    {
        using var document = Open(path, passwords, chunk.Options);
        return Process(path, document, chunk, cancellationToken);
    }

    /// <summary>The chunk's pages of <paramref name="document"/>, already opened (<see cref="Open"/>) from the file at <paramref name="path"/>.</summary>
    public ProcessedChunk Process(string path, IPageSource document, ProcessPageChunk chunk, CancellationToken cancellationToken)
    {
        using var textLayer = chunk.Options.Mode == ProcessingMode.Ocr ? null : SourceDocuments.OpenTextLayer(path, document);
        return Process(document, textLayer, chunk, cancellationToken)!;
    }

    /// <summary>
    /// The chunk's pages of an opened document from their text layers alone, or null as soon as one page would need OCR
    /// (nothing is rendered).
    /// </summary>
    public ProcessedChunk? ProcessTextLayer(string path, IPageSource document, ProcessPageChunk chunk, CancellationToken cancellationToken)
    {
        if (chunk.Options.Mode == ProcessingMode.Ocr)
            return null;
        using var textLayer = SourceDocuments.OpenTextLayer(path, document);
        return Process(document, textLayer, chunk, cancellationToken, textLayerOnly: true);
    }

    /// <summary>An input file's pages, under this worker's pixel cap; an image stating no resolution is taken at the batch's DPI.</summary>
    public IPageSource Open(string path, IReadOnlyList<string> passwords, ProcessingOptions batch) =>
        SourceDocuments.OpenFile(path, passwords, new ImageReading(options.Value.MaxPagePixels, batch.Dpi));

    private ProcessedChunk? Process(IPageSource document, TextLayerDocument? textLayer, ProcessPageChunk chunk, CancellationToken cancellationToken,
        bool textLayerOnly = false)
    {
        var pages = new List<PageResult>(chunk.PageCount);
        var timings = StageTimings.None;
        var engines = new SortedSet<string>(StringComparer.Ordinal);

        for (var number = chunk.FirstPage; number < chunk.FirstPage + chunk.PageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pageStarted = Stopwatch.GetTimestamp();
            var (width, height) = document.PageSize(number - 1);
            if (textLayer is not null)
            {
                var started = Stopwatch.GetTimestamp();
                var read = TextLayerPage.Read(textLayer, number);
                timings = timings with { TextLayerMs = timings.TextLayerMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds };
                if (chunk.Options.Mode == ProcessingMode.Text || read.Usable)
                {
                    pages.Add(new PageResult(number, width, height, PageSource.TextLayer, 1.0, false, read.Lines));
                    engines.Add(TextLayerEngine);
                    // PdfPig cannot be interrupted; a page whose text layer took too long is caught here.
                    ThrowIfOverBudget(number, Stopwatch.GetElapsedTime(pageStarted), options.Value.PageTimeout);
                    continue;
                }
            }
            if (textLayerOnly)
                return null;
            var loading = Stopwatch.GetTimestamp();
            var engine = ocr.Value;
            // Loading the models on first use is not this page's fault.
            pageStarted += Stopwatch.GetTimestamp() - loading;
            pages.Add(RecognisePage(engine, document, number, width, height, chunk.Options.Dpi, pageStarted, ref timings, cancellationToken));
            engines.Add(engine.Name);
        }

        return new ProcessedChunk(new ChunkResult(chunk.DocumentId, chunk.ChunkIndex, engines.ToList(), pages), PageCounts.Of(pages), timings);
    }

    private PageResult RecognisePage(IOcrEngine engine, IPageSource document, int number, double width, double height, int dpi,
        long pageStarted, ref StageTimings timings, CancellationToken cancellationToken)
    {
        var limit = options.Value.PageTimeout;
        var started = Stopwatch.GetTimestamp();
        using var rendered = document.Render(number - 1, dpi, options.Value.MaxPagePixels);
        timings = timings with { RenderMs = timings.RenderMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        if (rendered.Downscaled)
        {
            // Not in the result contract: boxes are in points either way, only recognition of small print suffers.
            LogDownscaled(number, rendered.Bitmap.Width, rendered.Bitmap.Height, rendered.PixelsPerPoint * 72, dpi);
        }

        // PDFium cannot be stopped mid-render (and holds the process-wide lock meanwhile): a slow render is only
        // noticed once it returns. What is left of the page's budget then bounds OCR, which can be cancelled.
        var remaining = limit - Stopwatch.GetElapsedTime(pageStarted);
        ThrowIfOverBudget(number, limit - remaining, limit);

        // The engine is shared by concurrent chunks and runs a bounded number of model calls at once; waiting for one
        // counts against the page's budget, which is minutes against seconds per page.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(remaining);
        var ocrStarted = Stopwatch.GetTimestamp();
        OcrPage result;
        try
        {
            result = engine.Recognise(rendered.Bitmap, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PageTimeoutException(number, limit);
        }

        // Detection does not watch the token; an overrun there shows up here.
        ThrowIfOverBudget(number, limit - remaining + Stopwatch.GetElapsedTime(ocrStarted), limit);
        timings = timings with { DetectMs = timings.DetectMs + result.DetectMs, RecogniseMs = timings.RecogniseMs + result.RecogniseMs };

        var toPoints = 1 / rendered.PixelsPerPoint;
        var lines = result.Lines.Select(line => line.Scale(toPoints)).ToList();
        var confidence = MeanConfidence(lines);
        var lowConfidence = lines.Count > 0 && confidence < options.Value.LowConfidenceThreshold;
        return new PageResult(number, width, height, PageSource.Ocr, Math.Round(confidence, 4), lowConfidence, lines);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Page {Page} rendered downscaled to {Width}x{Height} ({ActualDpi:0} DPI instead of {Dpi}) to fit the pixel budget")]
    private partial void LogDownscaled(int page, int width, int height, double actualDpi, int dpi);

    private static void ThrowIfOverBudget(int number, TimeSpan spent, TimeSpan limit)
    {
        if (spent > limit)
        {
            throw new PageTimeoutException(number, limit);
        }
    }

    /// <summary>Mean line confidence weighted by line length: one shaky short fragment should not flag a whole page.</summary>
    internal static double MeanConfidence(IReadOnlyList<LineResult> lines)
    {
        var characters = lines.Sum(l => l.Text.Length);
        return characters == 0 ? 0 : lines.Sum(l => l.Confidence * l.Text.Length) / characters;
    }
}

public sealed record ProcessedChunk(ChunkResult Result, PageCounts Pages, StageTimings Timings);
