namespace Fleet.Ingest.Api.Batches;

/// <summary>The body of <c>GET /batches/{id}</c>; <c>manifestUrl</c> appears once the batch is completed.</summary>
public sealed record BatchStatusResponse(Guid BatchId, string State, int Documents, int Finished, int Failed, string? ManifestUrl, string? Reason)
{
    public static BatchStatusResponse From(BatchStatus status) =>
        new(status.BatchId, status.State, status.Documents, status.Finished, status.Failed,
            status.ManifestKey is null ? null : BatchUrls.Manifest(status.BatchId), status.Reason);
}
