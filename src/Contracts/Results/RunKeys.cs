namespace Fleet.Contracts.Results;

/// <summary>Where a batch's own objects land in the output bucket, under the batch's output prefix.</summary>
public static class RunKeys
{
    public static string Manifest(string outputPrefix, Guid batchId) => $"{outputPrefix}runs/{batchId}/manifest.json";

    /// <summary>A chunk's intermediate result (claim check): runs/&lt;batchId&gt;/chunks/&lt;documentId&gt;/&lt;index&gt;.json.</summary>
    public static string Chunk(string outputPrefix, Guid batchId, Guid documentId, int chunkIndex) =>
        $"{outputPrefix}runs/{batchId}/chunks/{documentId:N}/{chunkIndex:D5}.json";

    /// <summary>
    /// A document's result kept for reuse by content: results/&lt;sha256&gt;/&lt;mode&gt;-&lt;dpi&gt;dpi.json. Only
    /// what changes the text is in the key: pages per chunk do not.
    /// </summary>
    public static string StoredResult(string outputPrefix, string sha256, ProcessingOptions options) =>
        $"{outputPrefix}results/{sha256}/{options.Mode.ToString().ToLowerInvariant()}-{options.Dpi}dpi.json";
}
