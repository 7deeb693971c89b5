namespace Fleet.Ingest.Api.Batches;

/// <summary>Where a batch stands, as its saga last recorded it; null when no saga has heard of the batch.</summary>
public interface IBatchStatusReader
{
    Task<BatchStatus?> FindAsync(Guid batchId, CancellationToken cancellationToken);
}
