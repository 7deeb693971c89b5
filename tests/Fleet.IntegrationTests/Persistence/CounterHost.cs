using Fleet.Infrastructure.Persistence;
using Fleet.Infrastructure.Persistence.Outbox;
using Fleet.Infrastructure.Persistence.Sagas;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>
/// One orchestrator-like process: the counter saga on PostgreSQL behind the inbox/outbox, wired the way Fleet's
/// hosts wire theirs, on MassTransit's in-memory transport (each host its own bus; only the database is shared).
/// </summary>
public sealed class CounterHost(IHost host) : IAsyncDisposable
{
    public const string SagaQueue = "counter-state";

    public IBus Bus => host.Services.GetRequiredService<IBus>();
    public CountedLog Counted => host.Services.GetRequiredService<CountedLog>();
    public FailingDelivery Delivery => host.Services.GetRequiredService<FailingDelivery>();

    public static async Task<CounterHost> StartAsync(int concurrentMessages = 8)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Database:Kind"] = "Postgres",
            ["Fleet:Database:ConnectionString"] = TestDatabase.ConnectionString,
        });
        var configuration = builder.Configuration;
        builder.Services.AddFleetDatabase(configuration);
        builder.Services.AddSingleton<CountedLog>();
        builder.Services.AddSingleton<FailingDelivery>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(o => o.Enabled = false);
            bus.AddSagaStateMachine<CounterStateMachine, CounterState>().FleetRepository(configuration)
                .Endpoint(e => { e.Name = SagaQueue; e.ConcurrentMessageLimit = concurrentMessages; });
            bus.AddConsumer<CountedConsumer>();
            // The inbox on the saga's endpoint only: Counted's consumer must see every copy the outbox sends.
            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (name == SagaQueue)
                    endpoint.UseFleetInboxOutbox(context, configuration);
            });
            bus.UsingInMemory((context, transport) =>
            {
                transport.ConfigureSend(send => send.UseFilter(new FailingDeliveryFilter(context.GetRequiredService<FailingDelivery>())));
                transport.ConfigureEndpoints(context);
            });
        });
        var built = builder.Build();
        await built.StartAsync();
        return new CounterHost(built);
    }

    public Task IncrementAsync(Guid counterId, bool announce = false, Guid? messageId = null) =>
        Bus.Publish(new Increment(counterId, announce), (PublishContext context) =>
        {
            if (messageId is { } id)
                context.MessageId = id;
        });

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
