namespace Fleet.Contracts.Chunks;

/// <summary>Extract or OCR pages [FirstPage, FirstPage + PageCount) (1-based) and write the chunk result to ChunkKey.</summary>
/// <param name="ETag">
/// The input's ETag at inspection (<see cref="Documents.DocumentInspected.ETag"/>): a chunk of an input replaced since
/// fails its document instead of mixing pages of two versions. Null reads whatever version is there.
/// </param>
public sealed record ProcessPageChunk(
    Guid DocumentId, Guid BatchId, int ChunkIndex, int FirstPage, int PageCount,
    string InputBucket, string Key, string OutputBucket, string ChunkKey, ProcessingOptions Options, string? ETag = null);
