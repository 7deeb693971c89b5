using Microsoft.Extensions.Options;

namespace Fleet.Worker.Assembly;

/// <summary>Assemblies at once per worker: each holds a whole document's result, so as many as chunks run at once.</summary>
public sealed class AssembleDocumentConsumerDefinition : ConsumerDefinition<AssembleDocumentConsumer>
{
    public AssembleDocumentConsumerDefinition(IOptions<WorkerOptions> options)
    {
        EndpointName = WorkerEndpoints.Assemble;
        ConcurrentMessageLimit = options.Value.ChunkConcurrency;
    }
}
