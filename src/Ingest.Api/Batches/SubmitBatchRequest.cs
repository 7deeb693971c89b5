namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The body of <c>POST /batches</c>. Every field is optional to the binder so that a missing one is reported as a
/// validation problem naming it, not as an unreadable body. <c>rerun</c>: process files again even when a result for
/// the same content is stored under the output prefix.
/// </summary>
public sealed record SubmitBatchRequest(
    string? InputBucket,
    string? InputPrefix,
    IReadOnlyList<string>? Keys,
    string? OutputBucket,
    string? OutputPrefix,
    int? Dpi,
    string? Mode,
    int? ChunkPages,
    bool? Recursive,
    bool? Rerun = null);
