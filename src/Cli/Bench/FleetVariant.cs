using Fleet.Worker.Ocr;

namespace Fleet.Cli.Bench;

/// <summary>
/// One configuration of Fleet's OCR measured by the benchmark. Null settings keep <see cref="OcrOptions"/>'s
/// defaults, so the "defaults" variant always measures what the worker ships with.
/// </summary>
public sealed record FleetVariant(
    string Label,
    int? Engines = null,
    int? IntraOpThreads = null,
    int? BatchSize = null,
    int? DetectionMaxSide = null,
    int? RecognitionMinWidth = null,
    string? ModelCache = null)
{
    public static FleetVariant Defaults { get; } = new("fleet (defaults)");

    public OcrOptions ToOptions()
    {
        var options = new OcrOptions { OptimizedModelDirectory = ModelCache };
        options.Engines = Engines ?? options.Engines;
        options.IntraOpThreads = IntraOpThreads ?? options.IntraOpThreads;
        options.RecognitionBatchSize = BatchSize ?? options.RecognitionBatchSize;
        options.DetectionMaxSide = DetectionMaxSide ?? options.DetectionMaxSide;
        options.RecognitionMinWidth = RecognitionMinWidth ?? options.RecognitionMinWidth;
        return options;
    }

    /// <summary>The settings in effect, for the report.</summary>
    public string Describe()
    {
        var o = ToOptions();
        return $"engines {o.Engines} × {o.IntraOpThreads} thread(s), batch {o.RecognitionBatchSize}, det max side {o.DetectionMaxSide}, " +
               $"rec min width {o.RecognitionMinWidth}{(ModelCache is null ? "" : ", optimised-model cache")}";
    }
}
