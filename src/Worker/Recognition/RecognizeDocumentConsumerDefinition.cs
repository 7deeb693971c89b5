using Fleet.Infrastructure.Messaging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Recognition;

/// <summary>
/// Requests at once per worker (<see cref="WorkerOptions.RecognitionConcurrency"/>), prefetching no more than that, so a
/// busy worker leaves waiting requests to an idle one.
/// </summary>
public sealed class RecognizeDocumentConsumerDefinition : ConsumerDefinition<RecognizeDocumentConsumer>
{
    private readonly int concurrency;

    public RecognizeDocumentConsumerDefinition(IOptions<WorkerOptions> options)
    {
        concurrency = options.Value.RecognitionConcurrency;
        EndpointName = RecognitionQueue.Name;
        ConcurrentMessageLimit = concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecognizeDocumentConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = concurrency;
    }
}
