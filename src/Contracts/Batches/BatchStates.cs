namespace Fleet.Contracts.Batches;

/// <summary>The names <see cref="BatchStatus.State"/> takes; they are the batch saga's state names, plus Unknown.</summary>
public static class BatchStates
{
    public const string Unknown = "Unknown";
    public const string Submitted = "Submitted";
    public const string Running = "Running";
    public const string Cancelling = "Cancelling";
    public const string Finishing = "Finishing";
    public const string Completed = "Completed";
    public const string Rejected = "Rejected";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    /// <summary>True for a state a batch never leaves.</summary>
    public static bool IsFinal(string state) => state is Completed or Rejected or Failed or Cancelled;
}
