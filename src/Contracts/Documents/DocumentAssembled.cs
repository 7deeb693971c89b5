namespace Fleet.Contracts.Documents;

public sealed record DocumentAssembled(
    Guid DocumentId, Guid BatchId, IReadOnlyList<Results.OutputObject> Outputs, Results.PageCounts Pages,
    IReadOnlyList<string> Engines, double AssembleMs, double UploadMs = 0);
