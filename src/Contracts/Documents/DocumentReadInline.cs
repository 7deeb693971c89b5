namespace Fleet.Contracts.Documents;

/// <summary>
/// A short born-digital document finished by the worker that inspected it (every page's text layer was good): its
/// outputs are written, no chunk or assembly follows.
/// </summary>
public sealed record DocumentReadInline(
    Results.PageCounts Pages, Results.StageTimings Timings, IReadOnlyList<string> Engines, IReadOnlyList<Results.OutputObject> Outputs,
    double AssembleMs);
