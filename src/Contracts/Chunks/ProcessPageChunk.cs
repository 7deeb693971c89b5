namespace Fleet.Contracts.Chunks;

/// <summary>Extract or OCR pages [FirstPage, FirstPage + PageCount) (1-based) and write the chunk result to ChunkKey.</summary>
public sealed record ProcessPageChunk(
    Guid DocumentId, Guid BatchId, int ChunkIndex, int FirstPage, int PageCount,
    string InputBucket, string Key, string OutputBucket, string ChunkKey, ProcessingOptions Options);
