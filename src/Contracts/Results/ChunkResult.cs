namespace Fleet.Contracts.Results;

/// <summary>What a chunk consumer writes to the output bucket (claim check): its pages, ready to assemble.</summary>
public sealed record ChunkResult(Guid DocumentId, int ChunkIndex, IReadOnlyList<string> Engines, IReadOnlyList<PageResult> Pages);
