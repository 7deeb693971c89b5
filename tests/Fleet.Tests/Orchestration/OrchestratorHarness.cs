using Fleet.Contracts.Batches;
using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Documents;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// Both sagas, the listing and manifest consumers and the in-memory ledger on MassTransit's test harness, with the
/// orchestrator settings a test names and the worker stand-ins it brings (or the sagas alone). Without message retries: a fault here is
/// the fault after retries, and the tests need not wait through the back-off.
/// </summary>
public sealed class OrchestratorHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private OrchestratorHarness(ServiceProvider provider, ITestHarness harness) => (this.provider, Harness) = (provider, harness);

    public ITestHarness Harness { get; }

    public IServiceProvider Services => provider;

    public static async Task<OrchestratorHarness> Start(IObjectStore store, IDictionary<string, string?>? settings = null,
        Action<IBusRegistrationConfigurator>? addWorker = null, TimeSpan? timeout = null, bool sagasOnly = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var provider = new ServiceCollection()
            .AddSingleton(store)
            .AddLogging()
            .AddOrchestratorOptions(configuration)
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddSagaStateMachine<BatchStateMachine, BatchState>();
                bus.AddSagaStateMachine<DocumentStateMachine, DocumentState>();
                if (!sagasOnly)
                {
                    bus.AddConsumer<SubmitBatchConsumer>();
                    bus.AddConsumer<WriteManifestConsumer>();
                }
                addWorker?.Invoke(bus);
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseInMemoryOutbox(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = timeout ?? TimeSpan.FromSeconds(60);
        harness.TestInactivityTimeout = TimeSpan.FromSeconds(2);
        await harness.Start();
        return new OrchestratorHarness(provider, harness);
    }

    public async Task<BatchCompleted> Completed(Guid batchId)
    {
        Assert.That(await Harness.Published.Any<BatchCompleted>(m => m.Context.Message.BatchId == batchId), Is.True, "the batch completes");
        return Harness.Published.Select<BatchCompleted>(m => m.Context.Message.BatchId == batchId).First().Context.Message;
    }

    public async Task<BatchStatus> Status(Guid batchId)
    {
        var client = Harness.GetRequestClient<GetBatchStatus>();
        return (await client.GetResponse<BatchStatus>(new GetBatchStatus(batchId))).Message;
    }

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}
