namespace Fleet.Contracts.Chunks;

/// <summary>A chunk cannot be processed (a page over a limit, a render that fails); the document fails with this reason.</summary>
public sealed record PageChunkFailed(Guid DocumentId, Guid BatchId, int ChunkIndex, string Reason);
