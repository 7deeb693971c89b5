namespace Fleet.Contracts.Batches;

/// <summary>Ask for every PDF under <paramref name="InputPrefix"/> (or just <paramref name="Keys"/>) to be OCR'd.</summary>
public sealed record SubmitBatch(
    Guid BatchId,
    string InputBucket,
    string InputPrefix,
    IReadOnlyList<string>? Keys,
    string OutputBucket,
    string OutputPrefix,
    ProcessingOptions Options,
    bool Recursive = true);
