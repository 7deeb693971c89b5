namespace Fleet.Contracts.Results;

/// <summary>
/// One input's line in the manifest: status, reason when failed, pages, outputs with checksums, timings, and whether
/// the result was reused from an earlier document with the same content (then no page was processed again).
/// </summary>
public sealed record ManifestDocument(
    string Key,
    string Status,
    string? Reason,
    string? Sha256,
    long SizeBytes,
    PageCounts Pages,
    IReadOnlyList<OutputObject> Outputs,
    StageTimings Timings,
    double ElapsedMs,
    IReadOnlyList<string> Engines,
    bool Reused = false);
