using Fleet.Infrastructure.Messaging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Chunks;

/// <summary>
/// The chunk queue: as many chunks at once as <see cref="WorkerOptions.ChunkConcurrency"/> says, and on RabbitMQ a
/// quorum queue with a delivery limit (see <see cref="ChunkQueue"/>).
/// </summary>
public sealed class ProcessPageChunkConsumerDefinition : ConsumerDefinition<ProcessPageChunkConsumer>
{
    private readonly WorkerOptions _worker;
    private readonly BusOptions _bus;

    public ProcessPageChunkConsumerDefinition(IOptions<WorkerOptions> worker, IOptions<BusOptions> bus)
    {
        (_worker, _bus) = (worker.Value, bus.Value);
        EndpointName = ChunkQueue.Name;
        ConcurrentMessageLimit = _worker.ChunkConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProcessPageChunkConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ChunkQueue.Configure(endpointConfigurator, _bus.RabbitMq, _worker.ChunkConcurrency);
        if (_worker.CrashOnKeyContaining is { Length: > 0 } poison)
        {
            consumerConfigurator.Message<ProcessPageChunk>(message => message.UseExecute(ctx =>
            {
                if (ctx.Message.Key.Contains(poison, StringComparison.Ordinal))
                    Environment.FailFast($"test fault: Fleet:Worker:CrashOnKeyContaining matched '{ctx.Message.Key}'");
            }));
        }
    }
}
