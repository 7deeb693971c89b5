using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Infrastructure.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// The bus every role shares: MassTransit's in-memory transport (the embedded default) or RabbitMQ, as
    /// <c>Fleet:Bus:Transport</c> says. Roles add their consumers and sagas through <paramref name="addRoles"/>;
    /// <paramref name="configureRabbitMq"/> adds endpoints of a role's own that conventions do not make.
    /// </summary>
    public static IServiceCollection AddFleetBus(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator> addRoles,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureRabbitMq = null)
    {
        services.AddOptions<BusOptions>().Bind(configuration.GetSection(BusOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BusOptions>, BusOptionsValidation>();
        var options = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.5 reports usage to its vendor by default; a fleet behind a firewall logs a trace for it.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            bus.SetKebabCaseEndpointNameFormatter();
            addRoles(bus);
            if (options.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, transport) =>
                {
                    var rabbit = options.RabbitMq;
                    transport.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                    });
                    transport.UseFleetReliability(context);
                    configureRabbitMq?.Invoke(context, transport);
                    transport.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context);
                    transport.ConfigureEndpoints(context);
                });
            }
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
