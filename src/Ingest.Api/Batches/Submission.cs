namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// A batch this API accepted: the command (kept without its key list), whose it is, the client's tag and callback
/// URL, whether the batch has ended, and how its completion callback went.
/// </summary>
public sealed record Submission(
    SubmitBatch Command,
    string Tenant,
    string? Tag,
    string? CallbackUrl,
    DateTimeOffset SubmittedAt,
    bool Ended = false,
    CallbackDelivery? Callback = null)
{
    public Guid BatchId => Command.BatchId;
}
