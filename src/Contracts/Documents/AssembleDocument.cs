namespace Fleet.Contracts.Documents;

/// <summary>
/// Write the document's outputs (<paramref name="Outputs"/>: &lt;name&gt;.json, .txt, ...): from the chunks' results
/// (then a record for later reuse is stored at <paramref name="StoredResultKey"/>), or, when <paramref name="Reuse"/>
/// is set, from the result stored there. A searchable PDF reads the input at <paramref name="InputBucket"/>/<paramref name="Key"/>,
/// of version <paramref name="ETag"/>.
/// </summary>
public sealed record AssembleDocument(
    Guid DocumentId, Guid BatchId, string Key, string Sha256, string OutputBucket, string OutputKeyBase,
    IReadOnlyList<string> ChunkKeys, string StoredResultKey, bool Reuse,
    OutputFormats Outputs = OutputFormatNames.Default, string? InputBucket = null, string? ETag = null);
