namespace Fleet.Contracts.Documents;

/// <summary>
/// Write &lt;name&gt;.json and &lt;name&gt;.txt: from the chunks' results (then also stored at
/// <paramref name="StoredResultKey"/> for later reuse), or, when <paramref name="Reuse"/> is set, from the result
/// already stored there.
/// </summary>
public sealed record AssembleDocument(
    Guid DocumentId, Guid BatchId, string Key, string Sha256, string OutputBucket, string OutputKeyBase,
    IReadOnlyList<string> ChunkKeys, string StoredResultKey, bool Reuse);
