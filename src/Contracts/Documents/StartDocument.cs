namespace Fleet.Contracts.Documents;

/// <summary>The batch saga hands one input document to its own document saga.</summary>
public sealed record StartDocument(
    Guid DocumentId, Guid BatchId, string InputBucket, string Key,
    string OutputBucket, string OutputPrefix, string OutputKeyBase, ProcessingOptions Options);
