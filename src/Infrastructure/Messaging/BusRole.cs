using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Fleet.Infrastructure.Messaging;

/// <summary>
/// What one role brings to the bus it shares with the other roles of its process: its consumers and sagas, endpoints
/// of its own that conventions do not make (RabbitMQ only), and the endpoints that hold no database state.
/// </summary>
public sealed record BusRole(
    Action<IBusRegistrationConfigurator, IConfiguration> AddConsumers,
    Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator, IConfiguration>? ConfigureRabbitMq = null,
    IReadOnlySet<string>? StatelessEndpoints = null);
