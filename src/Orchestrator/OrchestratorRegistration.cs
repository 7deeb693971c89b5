using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Documents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Orchestrator;

public static class OrchestratorRegistration
{
    public static IServiceCollection AddOrchestratorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrchestratorOptions>().Bind(configuration.GetSection(OrchestratorOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The batch and document sagas (in-memory state) and the consumers that list inputs and write manifests.</summary>
    public static void AddOrchestrator(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<BatchStateMachine, BatchState>().InMemoryRepository();
        bus.AddSagaStateMachine<DocumentStateMachine, DocumentState>().InMemoryRepository();
        bus.AddConsumer<SubmitBatchConsumer>();
        bus.AddConsumer<WriteManifestConsumer>();
    }
}
