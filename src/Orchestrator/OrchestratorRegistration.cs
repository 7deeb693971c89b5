using Fleet.Infrastructure.Batches;
using Fleet.Infrastructure.Persistence.Sagas;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Orchestrator;

public static class OrchestratorRegistration
{
    /// <summary>
    /// The orchestrator role's services: its options (validated at start), the batch document ledger for
    /// <c>Fleet:Database:Kind</c>, and the sweeper that fails documents past their deadline.
    /// </summary>
    public static IServiceCollection AddOrchestratorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrchestratorOptions>().Bind(configuration.GetSection(OrchestratorOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddBatchDocuments(configuration);
        services.AddHostedService<DocumentDeadlineSweeper>();
        return services;
    }

    /// <summary>
    /// The batch and document sagas (state in memory or in PostgreSQL, as <c>Fleet:Database:Kind</c> says) and the consumers that list inputs and write manifests. The
    /// consumer of dead-lettered chunks is not here: it belongs on the broker's dead-letter queue of the chunk queue
    /// (see <see cref="DeadLetteredChunkConsumer"/>).
    /// </summary>
    public static void AddOrchestrator(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        bus.AddSagaStateMachine<BatchStateMachine, BatchState>().FleetRepository(configuration);
        bus.AddSagaStateMachine<DocumentStateMachine, DocumentState>().FleetRepository(configuration);
        bus.AddConsumer<SubmitBatchConsumer>();
        bus.AddConsumer<WriteManifestConsumer>();
    }
}
