using Fleet.Infrastructure.Persistence.Outbox;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Fleet.Infrastructure.Messaging;

/// <summary>
/// The page-chunk queue on RabbitMQ: a quorum queue, so the broker counts the deliveries of each chunk and, past the
/// delivery limit, dead-letters it instead of handing it to the next worker. That is how a PDF that kills every worker
/// process it touches (a native fault, an OOM kill) ends its document as failed instead of looping through the fleet.
/// The orchestrator consumes the dead letters and fails their documents with the reason.
/// </summary>
public static class ChunkQueue
{
    public const string Name = "process-page-chunk";
    public const string DeadLetterExchange = "process-page-chunk-dead-letter";
    public const string DeadLetterQueue = "process-page-chunk-dead-letters";

    /// <summary>Quorum queue with a delivery limit and a dead-letter exchange; prefetch as many chunks as run at once.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint, RabbitMqOptions options, int concurrency)
    {
        if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit)
            return;
        rabbit.SetQuorumQueue();
        rabbit.SetQueueArgument("x-delivery-limit", options.ChunkDeliveryLimit);
        rabbit.SetQueueArgument("x-dead-letter-exchange", DeadLetterExchange);
        // A prefetched chunk waits on this worker while an idle one could have taken it: fetch only what runs.
        rabbit.PrefetchCount = concurrency;
    }

    /// <summary>The orchestrator's queue of dead-lettered chunks, bound to the chunk queue's dead-letter exchange.</summary>
    public static void ReceiveDeadLetters<TConsumer>(this IRabbitMqBusFactoryConfigurator transport, IBusRegistrationContext context,
        IConfiguration configuration)
        where TConsumer : class, IConsumer
    {
        transport.ReceiveEndpoint(DeadLetterQueue, endpoint =>
        {
            endpoint.UseFleetInboxOutbox(context, configuration);
            endpoint.SetQuorumQueue();
            endpoint.ConfigureConsumeTopology = false;
            endpoint.Bind(DeadLetterExchange, exchange => exchange.ExchangeType = "fanout");
            endpoint.ConfigureConsumer<TConsumer>(context);
        });
    }
}
