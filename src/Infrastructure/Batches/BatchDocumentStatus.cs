namespace Fleet.Infrastructure.Batches;

/// <summary>Where a document of a batch stands: not started, in flight, or finished one way or the other.</summary>
public static class BatchDocumentStatus
{
    public const string Waiting = "waiting";
    public const string Active = "active";
    public const string Succeeded = Contracts.Results.DocumentStatus.Succeeded;
    public const string Failed = Contracts.Results.DocumentStatus.Failed;
    public const string Cancelled = Contracts.Results.DocumentStatus.Cancelled;
}
