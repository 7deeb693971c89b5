namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The body of <c>GET /batches/{id}</c> (and an item of <c>GET /batches</c>, and the completion callback's body):
/// <c>manifestUrl</c> appears once the batch is completed or cancelled, <c>callback</c> once a callback was tried.
/// </summary>
public sealed record BatchStatusResponse(
    Guid BatchId,
    string State,
    string? Tag,
    int Documents,
    int Finished,
    int Failed,
    int Cancelled,
    string? ManifestUrl,
    string DocumentsUrl,
    string? Reason,
    DateTimeOffset? SubmittedAt,
    string? CallbackUrl,
    CallbackDelivery? Callback)
{
    public static BatchStatusResponse From(BatchStatus status, Submission? submission) =>
        new(status.BatchId, status.State, submission?.Tag, status.Documents, status.Finished, status.Failed, status.Cancelled,
            status.ManifestKey is null ? null : BatchUrls.Manifest(status.BatchId), BatchUrls.Documents(status.BatchId), status.Reason,
            submission?.SubmittedAt, submission?.CallbackUrl, submission?.Callback);
}
