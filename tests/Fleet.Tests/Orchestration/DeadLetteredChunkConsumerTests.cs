using Fleet.Contracts;
using Fleet.Contracts.Chunks;
using Fleet.Orchestrator.Documents;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// A chunk the broker dead-letters (the worker died on it every time) fails its document with a reason naming the
/// pages and how often. The chunks are sent to the consumer's own queue, as the dead-letter queue would hand them over.
/// </summary>
public sealed class DeadLetteredChunkConsumerTests
{
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    [SetUp]
    public async Task StartBus()
    {
        provider = new ServiceCollection()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<DeadLetteredChunkConsumer>();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.ReceiveEndpoint("process-page-chunk-dead-letters", endpoint =>
                    {
                        endpoint.ConfigureConsumeTopology = false;
                        endpoint.ConfigureConsumer<DeadLetteredChunkConsumer>(context);
                    });
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    [TearDown]
    public async Task StopBus() => await provider.DisposeAsync();

    [Test]
    public async Task The_delivery_count_header_names_how_often_the_worker_died() =>
        Assert.That(await Reason(ctx => ctx.Headers.Set("x-delivery-count", 4L)), Is.EqualTo("worker process died 4 times on pages 9-16"));

    [Test]
    public async Task Without_a_delivery_count_the_first_death_count_is_used() =>
        Assert.That(await Reason(ctx => ctx.Headers.Set("x-death", new List<object>
        {
            new Dictionary<string, object> { ["count"] = 3L, ["reason"] = "delivery_limit"u8.ToArray(), ["queue"] = "process-page-chunk"u8.ToArray() },
        })), Is.EqualTo("worker process died 3 times on pages 9-16"));

    [Test]
    public async Task Without_either_header_it_says_repeatedly() =>
        Assert.That(await Reason(_ => { }), Is.EqualTo("worker process died repeatedly on pages 9-16"));

    [Test]
    public void Header_values_as_the_AMQP_client_gives_them_are_read()
    {
        Assert.That(DeadLetteredChunkConsumer.DeliveryCount("7"u8.ToArray(), null), Is.EqualTo(7));
        Assert.That(DeadLetteredChunkConsumer.DeliveryCount(null, new List<object> { new Dictionary<string, object> { ["count"] = 2 } }), Is.EqualTo(2));
        Assert.That(DeadLetteredChunkConsumer.DeliveryCount(0L, new List<object> { new Dictionary<string, object> { ["count"] = 5L } }), Is.EqualTo(5));
        Assert.That(DeadLetteredChunkConsumer.DeliveryCount(null, null), Is.Null);
    }

    private async Task<string> Reason(Action<SendContext<ProcessPageChunk>> headers)
    {
        var chunk = new ProcessPageChunk(Guid.NewGuid(), Guid.NewGuid(), 1, 9, 8, "in", "crash.pdf", "out", "c.json", new ProcessingOptions());
        var endpoint = await harness.Bus.GetSendEndpoint(new Uri("queue:process-page-chunk-dead-letters"));

        await endpoint.Send(chunk, headers);

        Assert.That(await harness.Published.Any<PageChunkFailed>(m => m.Context.Message.DocumentId == chunk.DocumentId), Is.True);
        var failed = harness.Published.Select<PageChunkFailed>(m => m.Context.Message.DocumentId == chunk.DocumentId).Single().Context.Message;
        Assert.That((failed.BatchId, failed.ChunkIndex), Is.EqualTo((chunk.BatchId, 1)));
        return failed.Reason;
    }
}
