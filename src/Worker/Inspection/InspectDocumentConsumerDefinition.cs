using Microsoft.Extensions.Options;

namespace Fleet.Worker.Inspection;

/// <summary>
/// Inspections at once per worker: each opens a whole PDF, so as many as chunks run at once, not MassTransit's
/// default of one per prefetched message.
/// </summary>
public sealed class InspectDocumentConsumerDefinition : ConsumerDefinition<InspectDocumentConsumer>
{
    public InspectDocumentConsumerDefinition(IOptions<WorkerOptions> options)
    {
        EndpointName = WorkerEndpoints.Inspect;
        ConcurrentMessageLimit = options.Value.ChunkConcurrency;
    }
}
