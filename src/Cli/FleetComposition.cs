using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Persistence;
using Fleet.Infrastructure.Storage;
using Fleet.Ingest.Api;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Documents;
using Fleet.Worker;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Cli;

/// <summary>
/// What each role adds to a process, in one place: <c>fleet serve --role ...</c> takes some, <c>fleet run</c> all of
/// them on the in-memory bus. Storage, bus and health are shared by every role.
/// </summary>
public static class FleetComposition
{
    public static IServiceCollection AddFleetRoles(this IServiceCollection services, IConfiguration configuration, FleetRoles roles,
        Action<IBusRegistrationConfigurator>? addObservers = null)
    {
        services.AddObjectStore(configuration);
        services.AddFleetDatabase(configuration);
        services.AddHealthChecks();
        if (roles != FleetRoles.All)
        {
            services.AddOptions<BusOptions>().Validate(o => o.Transport != BusTransport.InMemory,
                $"Fleet:Bus:Transport is InMemory, which reaches only this process, but it runs only the {roles.Describe()} role(s): " +
                "run every role (omit --role) or point all processes at one broker (Fleet__Bus__Transport=RabbitMq).");
        }

        if (roles.HasFlag(FleetRoles.Orchestrator))
            services.AddOrchestratorOptions(configuration);
        if (roles.HasFlag(FleetRoles.Worker))
            services.AddWorker(configuration);
        if (roles.HasFlag(FleetRoles.Api))
            services.AddIngestApi(configuration);

        return services.AddFleetBus(configuration, bus =>
        {
            if (roles.HasFlag(FleetRoles.Orchestrator))
            {
                bus.AddOrchestrator(configuration);
                bus.AddConsumer<DeadLetteredChunkConsumer>().ExcludeFromConfigureEndpoints();
            }
            if (roles.HasFlag(FleetRoles.Worker))
                bus.AddWorkerConsumers();
            if (roles.HasFlag(FleetRoles.Api))
                bus.AddIngestApiConsumers();
            addObservers?.Invoke(bus);
        }, (context, rabbit) =>
        {
            if (roles.HasFlag(FleetRoles.Orchestrator))
                rabbit.ReceiveDeadLetters<DeadLetteredChunkConsumer>(context, configuration);
        }, WorkerEndpoints.Names);
    }
}
