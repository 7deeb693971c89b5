using System.Security.Authentication;
using Fleet.Infrastructure.Persistence;
using Fleet.Infrastructure.Messaging.Queues;
using Fleet.Infrastructure.Persistence.Outbox;
using Fleet.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Infrastructure.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// The bus every role of a process shares: MassTransit's in-memory transport (the embedded default) or RabbitMQ, as
    /// <c>Fleet:Bus:Transport</c> says, with the consumers and sagas of the <paramref name="roles"/> this process runs
    /// (none for a process that only sends, like the api role). Endpoints a role names stateless hold no database
    /// state and skip the transactional inbox/outbox.
    /// </summary>
    public static IServiceCollection AddFleetBus(this IServiceCollection services, IConfiguration configuration, params IReadOnlyList<BusRole> roles)
    {
        var statelessEndpoints = roles.SelectMany(r => r.StatelessEndpoints ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);
        var transactional = DatabaseOptions.From(configuration).Kind == DatabaseKind.Postgres;
        services.AddOptions<BusOptions>().Bind(configuration.GetSection(BusOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BusOptions>, BusOptionsValidation>();
        var options = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        if (options.Transport == BusTransport.InMemory)
        {
            // One process holds every queue: it counts them itself (RabbitMQ's are read by the api role, AddQueueStats).
            services.AddSingleton<InMemoryQueueStats>();
            services.AddSingleton<IQueueStats>(sp => sp.GetRequiredService<InMemoryQueueStats>());
            services.AddSendObserver(sp => sp.GetRequiredService<InMemoryQueueStats>());
            services.AddPublishObserver(sp => sp.GetRequiredService<InMemoryQueueStats>());
            services.AddReceiveObserver(sp => sp.GetRequiredService<InMemoryQueueStats>());
        }

        services.AddMassTransit(bus =>
        {
            // MassTransit 8.5 reports usage to its vendor by default; a fleet behind a firewall logs a trace for it.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            bus.SetKebabCaseEndpointNameFormatter();
            foreach (var role in roles)
                role.AddConsumers(bus, configuration);
            // With saga state in PostgreSQL the orchestrator's endpoints get the transactional inbox/outbox; stateless
            // ones hold what they publish in memory until their consume has succeeded (as every endpoint does when
            // the sagas are in memory, through UseFleetReliability).
            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (!statelessEndpoints.Contains(name))
                    endpoint.UseFleetInboxOutbox(context, configuration);
                else if (transactional)
                    endpoint.UseInMemoryOutbox(context);
            });
            if (options.Transport == BusTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, transport) =>
                {
                    var rabbit = options.RabbitMq;
                    transport.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        if (rabbit.UseTls)
                            host.UseSsl(ssl => (ssl.ServerName, ssl.Protocol) = (rabbit.Host, SslProtocols.Tls12 | SslProtocols.Tls13));
                    });
                    transport.UseFleetReliability(context, configuration);
                    foreach (var role in roles)
                        role.ConfigureRabbitMq?.Invoke(context, transport, configuration);
                    transport.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context, configuration);
                    transport.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>
    /// Queue depths for operators where this process does not hold the queues itself: RabbitMQ's, read from its
    /// management API in the background. (The in-memory transport's are counted by <see cref="AddFleetBus"/>.)
    /// </summary>
    public static IServiceCollection AddQueueStats(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        if (options.Transport != BusTransport.RabbitMq)
            return services;
        services.AddHttpClient(RabbitMqQueueStats.HttpClientName);
        services.AddSingleton<RabbitMqQueueStats>();
        services.AddSingleton<IQueueStats>(sp => sp.GetRequiredService<RabbitMqQueueStats>());
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqQueueStats>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Bounded retries with back-off for transient faults, then the message faults (error queue, Fault&lt;T&gt; to the
    /// sagas). Messages published by a consumer or saga transition are held until it has succeeded: in PostgreSQL's
    /// outbox, in the same transaction as the saga row, when the database is PostgreSQL; in memory otherwise.
    /// </summary>
    public static void UseFleetReliability(this IBusFactoryConfigurator transport, IRegistrationContext context, IConfiguration? configuration = null)
    {
        transport.UseConsumeFilter(typeof(MessageLogScope<>), context);
        transport.UseMessageRetry(retry => retry.Exponential(4, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(400)));
        if (configuration is null || DatabaseOptions.From(configuration).Kind != DatabaseKind.Postgres)
            transport.UseInMemoryOutbox(context);
    }
}
