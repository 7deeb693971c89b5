using Fleet.Infrastructure.Batches;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Passwords;
using Fleet.Infrastructure.Persistence.Sagas;
using Fleet.Infrastructure.Telemetry;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Cost;
using Fleet.Orchestrator.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Orchestrator;

public static class OrchestratorRegistration
{
    /// <summary>
    /// The orchestrator role's services: its options and the manifest's price table (validated at start), the batch document ledger for
    /// <c>Fleet:Database:Kind</c>, and the sweeper that fails documents past their deadline.
    /// </summary>
    public static IServiceCollection AddOrchestratorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrchestratorOptions>().Bind(configuration.GetSection(OrchestratorOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CostOptions>().Bind(configuration.GetSection(CostOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddBatchDocuments(configuration);
        // Forgotten when a batch ends.
        services.AddBatchPasswords(configuration);
        services.AddHostedService<DocumentDeadlineSweeper>();
        services.AddFleetMetrics();
        return services;
    }

    /// <summary>
    /// The orchestrator on the bus: the batch and document sagas (state in memory or in PostgreSQL, as
    /// <c>Fleet:Database:Kind</c> says), the consumers that list inputs and write manifests, and, with RabbitMQ, the
    /// consumer of the chunk queue's dead letters (see <see cref="DeadLetteredChunkConsumer"/>), which belongs on the
    /// broker's dead-letter queue rather than on an endpoint of its own.
    /// </summary>
    public static readonly BusRole Bus = new((bus, configuration) =>
    {
        bus.AddSagaStateMachine<BatchStateMachine, BatchState>().FleetRepository(configuration);
        bus.AddSagaStateMachine<DocumentStateMachine, DocumentState>().FleetRepository(configuration);
        bus.AddConsumer<SubmitBatchConsumer>();
        bus.AddConsumer<WriteManifestConsumer>();
        bus.AddConsumer<ForgetBatchPasswordsConsumer>();
        bus.AddConsumer<DeadLetteredChunkConsumer>().ExcludeFromConfigureEndpoints();
    }, (context, rabbit, configuration) => rabbit.ReceiveDeadLetters<DeadLetteredChunkConsumer>(context, configuration));
}
