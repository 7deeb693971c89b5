namespace Fleet.Contracts.Documents;

/// <summary>All chunks are in: join their results into &lt;name&gt;.json and &lt;name&gt;.txt.</summary>
public sealed record AssembleDocument(Guid DocumentId, Guid BatchId, string Key, string Sha256, string OutputBucket, string OutputKeyBase, IReadOnlyList<string> ChunkKeys);
