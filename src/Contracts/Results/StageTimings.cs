namespace Fleet.Contracts.Results;

/// <summary>
/// Milliseconds spent per stage, summed over pages and chunks: wall time measured where each stage ran, the stages
/// disjoint (assembly without its upload, inspection without its download), so they add up to the worker time a
/// document took. The manifest's <see cref="ManifestCost"/> sums them over a batch.
/// </summary>
public sealed record StageTimings(
    double InspectMs = 0, double TextLayerMs = 0, double RenderMs = 0, double DetectMs = 0, double RecogniseMs = 0, double AssembleMs = 0,
    double DownloadMs = 0, double UploadMs = 0)
{
    public static readonly StageTimings None = new();

    public StageTimings Add(StageTimings o) => new(
        InspectMs + o.InspectMs, TextLayerMs + o.TextLayerMs, RenderMs + o.RenderMs,
        DetectMs + o.DetectMs, RecogniseMs + o.RecogniseMs, AssembleMs + o.AssembleMs,
        DownloadMs + o.DownloadMs, UploadMs + o.UploadMs);

    /// <summary>Each stage's milliseconds under its <see cref="StageNames"/> name, in pipeline order.</summary>
    public IEnumerable<(string Stage, double Ms)> ByStage()
    {
        yield return (StageNames.Download, DownloadMs);
        yield return (StageNames.Inspect, InspectMs);
        yield return (StageNames.TextLayer, TextLayerMs);
        yield return (StageNames.Render, RenderMs);
        yield return (StageNames.Detect, DetectMs);
        yield return (StageNames.Recognise, RecogniseMs);
        yield return (StageNames.Assemble, AssembleMs);
        yield return (StageNames.Upload, UploadMs);
    }
}
