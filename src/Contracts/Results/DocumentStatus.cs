namespace Fleet.Contracts.Results;

public static class DocumentStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Never started: its batch was cancelled first.</summary>
    public const string Cancelled = "cancelled";
}
