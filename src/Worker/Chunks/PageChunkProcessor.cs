using System.Diagnostics;
using Fleet.Worker.Layout;
using Fleet.Worker.Ocr;
using Fleet.Worker.Pdf;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Chunks;

/// <summary>
/// The heart of a worker: for each page of a chunk, take the text layer when it is good (or when mode is text), else
/// render the page and OCR it (or always, when mode is ocr). Boxes come out in PDF points, top-left origin.
/// </summary>
public sealed class PageChunkProcessor(Lazy<IOcrEngine> ocr, IOptions<WorkerOptions> options)
{
    public const string TextLayerEngine = "text layer (PdfPig)";

    public ProcessedChunk Process(byte[] pdf, ProcessPageChunk chunk, CancellationToken cancellationToken)
    {
        using var document = PdfiumDocument.Open(pdf);
        using var textLayer = chunk.Options.Mode == ProcessingMode.Ocr ? null : TextLayerDocument.Open(pdf);
        var pages = new List<PageResult>(chunk.PageCount);
        var timings = StageTimings.None;
        var engines = new SortedSet<string>(StringComparer.Ordinal);

        for (var number = chunk.FirstPage; number < chunk.FirstPage + chunk.PageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (width, height) = document.PageSize(number - 1);
            if (textLayer is not null)
            {
                var started = Stopwatch.GetTimestamp();
                var words = textLayer.Words(number);
                timings = timings with { TextLayerMs = timings.TextLayerMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds };
                if (chunk.Options.Mode == ProcessingMode.Text || TextLayerQuality.IsUsable(words))
                {
                    var lines = ReadingOrder.Arrange(words.Select(w => new LineResult(w.Text, w.Box, w.Confidence, [w])).ToList());
                    pages.Add(new PageResult(number, width, height, PageSource.TextLayer, 1.0, false, lines));
                    engines.Add(TextLayerEngine);
                    continue;
                }
            }
            pages.Add(RecognisePage(document, number, width, height, chunk.Options.Dpi, ref timings, cancellationToken));
            engines.Add(ocr.Value.Name);
        }

        return new ProcessedChunk(new ChunkResult(chunk.DocumentId, chunk.ChunkIndex, engines.ToList(), pages), PageCounts.Of(pages), timings);
    }

    private PageResult RecognisePage(PdfiumDocument document, int number, double width, double height, int dpi,
        ref StageTimings timings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var rendered = document.Render(number - 1, dpi, options.Value.MaxPagePixels);
        timings = timings with { RenderMs = timings.RenderMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds };

        // The registered engine is an OcrEnginePool: it is safe to call from concurrent chunks and runs as many
        // pages at once as it has engines; the others wait there.
        var result = ocr.Value.Recognise(rendered.Bitmap, cancellationToken);
        timings = timings with { DetectMs = timings.DetectMs + result.DetectMs, RecogniseMs = timings.RecogniseMs + result.RecogniseMs };

        var toPoints = 1 / rendered.PixelsPerPoint;
        var lines = result.Lines.Select(line => line.Scale(toPoints)).ToList();
        var confidence = MeanConfidence(lines);
        var lowConfidence = lines.Count > 0 && confidence < options.Value.LowConfidenceThreshold;
        return new PageResult(number, width, height, PageSource.Ocr, Math.Round(confidence, 4), lowConfidence, lines);
    }

    /// <summary>Mean line confidence weighted by line length: one shaky short fragment should not flag a whole page.</summary>
    internal static double MeanConfidence(IReadOnlyList<LineResult> lines)
    {
        var characters = lines.Sum(l => l.Text.Length);
        return characters == 0 ? 0 : lines.Sum(l => l.Confidence * l.Text.Length) / characters;
    }
}

public sealed record ProcessedChunk(ChunkResult Result, PageCounts Pages, StageTimings Timings);
