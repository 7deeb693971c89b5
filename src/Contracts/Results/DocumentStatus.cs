namespace Fleet.Contracts.Results;

public static class DocumentStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
