using Fleet.Infrastructure.Hosting;
using Fleet.Infrastructure.Messaging;
using Fleet.Ingest.Api;
using Fleet.Ingest.Api.BucketDrop;
using Fleet.Orchestrator;
using Fleet.Worker;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Cli;

/// <summary>
/// Several roles in one process: <c>fleet serve --role ...</c> takes some, <c>fleet run</c> all of them on the in-memory
/// bus. Each role's own executable (src/Worker, src/Orchestrator, src/Ingest.Api: Program.cs) composes the same parts
/// for itself alone.
/// </summary>
public static class FleetComposition
{
    public static IServiceCollection AddFleetRoles(this IServiceCollection services, IConfiguration configuration, FleetRoles roles,
        Action<IBusRegistrationConfigurator>? addObservers = null)
    {
        services.AddFleetDefaults(configuration, roles);
        var bus = new List<BusRole>();
        if (roles.HasFlag(FleetRoles.Orchestrator))
        {
            services.AddOrchestratorOptions(configuration);
            bus.Add(OrchestratorRegistration.Bus);
        }
        if (roles.HasFlag(FleetRoles.Worker))
        {
            services.AddWorker(configuration);
            bus.Add(WorkerRegistration.Bus);
        }
        if (roles.HasFlag(FleetRoles.Api))
        {
            services.AddIngestApi(configuration);
            bus.Add(IngestApiRegistration.Bus);
        }
        if (roles.HasFlag(FleetRoles.Ingest))
        {
            services.AddBucketDrop(configuration);
            if (!roles.HasFlag(FleetRoles.Api))
                bus.Add(BucketDropRegistration.Bus);
        }
        if (addObservers is not null)
            bus.Add(new BusRole((b, _) => addObservers(b)));
        return services.AddFleetBus(configuration, bus);
    }
}
