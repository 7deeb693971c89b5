using Fleet.Infrastructure.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Infrastructure.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// The embedded bus: MassTransit's in-memory transport with in-memory sagas, and local folders as buckets. Roles
    /// (orchestrator, worker, observers) add their consumers and sagas through <paramref name="addRoles"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedFleet(this IServiceCollection services, Action<IBusRegistrationConfigurator> addRoles)
    {
        services.AddSingleton<IObjectStore, LocalFolderObjectStore>();
        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            addRoles(bus);
            bus.UsingInMemory((context, transport) =>
            {
                transport.UseFleetReliability(context);
                transport.ConfigureEndpoints(context);
            });
        });
        return services;
    }

    /// <summary>
    /// Bounded retries with back-off for transient faults, then the message faults (error queue, Fault&lt;T&gt; to the
    /// sagas); the in-memory outbox holds messages published by a consumer or saga transition until it has succeeded.
    /// </summary>
    public static void UseFleetReliability(this IBusFactoryConfigurator transport, IRegistrationContext context)
    {
        transport.UseMessageRetry(retry => retry.Exponential(4, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(400)));
        transport.UseInMemoryOutbox(context);
    }
}
