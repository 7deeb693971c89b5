namespace Fleet.Contracts.Chunks;

public sealed record PageChunkProcessed(Guid DocumentId, Guid BatchId, int ChunkIndex, string ChunkKey, Results.PageCounts Pages, Results.StageTimings Timings, IReadOnlyList<string> Engines);
