using Fleet.Infrastructure.Telemetry;
using Stages = Fleet.Infrastructure.Telemetry.FleetMetrics.Stages;

namespace Fleet.Worker.Chunks;

/// <summary>What a processed chunk (or a document read whole at inspection) adds to the worker's metrics.</summary>
internal static class ChunkMetrics
{
    public static void PagesRead(this FleetMetrics metrics, ProcessedChunk processed)
    {
        var pages = processed.Pages;
        metrics.PagesFinished(PageSource.TextLayer, DocumentStatus.Succeeded, pages.TextLayer);
        metrics.PagesFinished(PageSource.Ocr, DocumentStatus.Succeeded, pages.Ocr);
        metrics.LowConfidencePages(pages.LowConfidence);
        foreach (var page in processed.Result.Pages)
        {
            if (page.Source == PageSource.Ocr && page.Lines.Count > 0)
                metrics.OcrConfidence(page.Confidence);
        }
        var timings = processed.Timings;
        metrics.Stage(Stages.TextLayer, timings.TextLayerMs);
        metrics.Stage(Stages.Render, timings.RenderMs);
        metrics.Stage(Stages.Detect, timings.DetectMs);
        metrics.Stage(Stages.Recognise, timings.RecogniseMs);
    }

    /// <summary>A chunk's pages that ended failed: OCR pages unless the batch reads text layers only.</summary>
    public static void PagesFailed(this FleetMetrics metrics, ProcessPageChunk chunk) =>
        metrics.PagesFinished(chunk.Options.Mode == ProcessingMode.Text ? PageSource.TextLayer : PageSource.Ocr, DocumentStatus.Failed, chunk.PageCount);
}
