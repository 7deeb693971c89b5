using Fleet.Engine.Ocr;

namespace Fleet.Bench;

/// <summary>
/// One configuration of Fleet's OCR measured by the benchmark. Null settings keep <see cref="OcrOptions"/>'s
/// defaults, so the "defaults" variant always measures what the worker ships with.
/// </summary>
public sealed record FleetVariant(
    string Label,
    int? ConcurrentRuns = null,
    int? IntraOpThreads = null,
    int? BatchSize = null,
    bool? FuseGraph = null,
    int? DetectionMaxSide = null,
    int? RecognitionMinWidth = null,
    OcrPrecision? Precision = null,
    bool? NativeOperators = null)
{
    public static FleetVariant Defaults { get; } = new("fleet (defaults)");

    public OcrOptions ToOptions()
    {
        var options = new OcrOptions();
        options.ConcurrentRuns = ConcurrentRuns ?? options.ConcurrentRuns;
        options.IntraOpThreads = IntraOpThreads ?? options.IntraOpThreads;
        options.RecognitionBatchSize = BatchSize ?? options.RecognitionBatchSize;
        options.FuseGraph = FuseGraph ?? options.FuseGraph;
        options.DetectionMaxSide = DetectionMaxSide ?? options.DetectionMaxSide;
        options.RecognitionMinWidth = RecognitionMinWidth ?? options.RecognitionMinWidth;
        options.RecognitionPrecision = Precision ?? options.RecognitionPrecision;
        options.NativeOperators = NativeOperators ?? options.NativeOperators;
        return options;
    }

    /// <summary>The settings in effect, for the report.</summary>
    public string Describe()
    {
        var o = ToOptions();
        return $"{o.ConcurrentRuns} run(s) × {o.IntraOpThreads} thread(s), batch {o.RecognitionBatchSize}, graph {(o.FuseGraph ? "fused" : "as shipped")}, " +
               $"det max side {o.DetectionMaxSide}, rec min width {o.RecognitionMinWidth}, recogniser {o.RecognitionPrecision.ToString().ToLowerInvariant()}" +
               (o.NativeOperators ? "" : ", ONNX Runtime operators only");
    }
}
