namespace Fleet.Contracts.Documents;

/// <param name="StoredResultKey">Set when a stored result of the same content will be reused instead of processing the pages.</param>
/// <param name="ETag">The inspected version of the input; chunks read only that version (see <see cref="Chunks.ProcessPageChunk"/>).</param>
/// <param name="ReadInline">Set when the inspecting worker has already finished the document (no chunks follow).</param>
/// <param name="InspectMs">Time to inspect, without <paramref name="DownloadMs"/> (fetching the input into the worker's cache).</param>
public sealed record DocumentInspected(
    Guid DocumentId, Guid BatchId, int PageCount, long SizeBytes, string Sha256, double InspectMs, string? StoredResultKey = null,
    string? ETag = null, DocumentReadInline? ReadInline = null, double DownloadMs = 0);
