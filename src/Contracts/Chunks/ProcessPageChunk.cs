namespace Fleet.Contracts.Chunks;

/// <summary>Extract or OCR pages [FirstPage, FirstPage + PageCount) (1-based) and write the chunk result to ChunkKey.</summary>
/// <param name="ETag">The input object's version as inspected, when the store has one.</param>
public sealed record ProcessPageChunk(
    Guid DocumentId, Guid BatchId, int ChunkIndex, int FirstPage, int PageCount,
    string InputBucket, string Key, string OutputBucket, string ChunkKey, ProcessingOptions Options, string? ETag = null);
