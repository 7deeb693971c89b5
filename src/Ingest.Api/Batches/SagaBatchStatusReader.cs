namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Asks the batch saga over the bus: for saga state kept in the orchestrator's memory (the embedded mode), where the
/// orchestrator is the only one that knows.
/// </summary>
public sealed class SagaBatchStatusReader(IRequestClient<GetBatchStatus> client) : IBatchStatusReader
{
    public async Task<BatchStatus?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var response = await client.GetResponse<BatchStatus>(new GetBatchStatus(batchId), cancellationToken);
        return response.Message.State == BatchStates.Unknown ? null : response.Message;
    }
}
