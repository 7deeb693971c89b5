namespace Fleet.Contracts.Results;

/// <summary>Milliseconds spent per stage, summed over pages.</summary>
public sealed record StageTimings(double InspectMs = 0, double TextLayerMs = 0, double RenderMs = 0, double DetectMs = 0, double RecogniseMs = 0, double AssembleMs = 0)
{
    public static readonly StageTimings None = new();

    public StageTimings Add(StageTimings o) => new(
        InspectMs + o.InspectMs, TextLayerMs + o.TextLayerMs, RenderMs + o.RenderMs,
        DetectMs + o.DetectMs, RecogniseMs + o.RecogniseMs, AssembleMs + o.AssembleMs);
}
