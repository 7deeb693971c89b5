using Fleet.Contracts;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Messaging;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Documents;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// A chunk that fails on every delivery (a poison message) must not stall the batch: after the bounded retries the
/// document ends as failed with the last error. The fault is injected with a fake consumer: it cannot be produced
/// on demand with a real PDF.
/// </summary>
public sealed class DocumentSagaFaultTests
{
    [Test]
    public async Task A_chunk_that_always_throws_fails_its_document_with_the_error_after_bounded_retries()
    {
        await using var provider = new ServiceCollection()
            .AddOrchestratorOptions(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddSagaStateMachine<DocumentStateMachine, DocumentState>();
                bus.AddConsumer<ThreePageInspector>();
                bus.AddConsumer<CrashingChunkConsumer>();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(60);
        await harness.Start();
        var documentId = Guid.NewGuid();

        await harness.Bus.Publish(new StartDocument(documentId, Guid.NewGuid(), "/in", "a.pdf", "/out", "", "a", new ProcessingOptions()));

        Assert.That(await harness.Published.Any<DocumentFinished>(m => m.Context.Message.DocumentId == documentId), Is.True);
        var finished = harness.Published.Select<DocumentFinished>().Single().Context.Message.Entry;
        Assert.That(finished.Status, Is.EqualTo(DocumentStatus.Failed));
        Assert.That(finished.Reason, Does.Contain("pages 1-3 failed after retries").And.Contain("renderer crashed"));
        Assert.That(CrashingChunkConsumer.Attempts, Is.EqualTo(5), "one delivery and four retries, no more");
    }

    private sealed class ThreePageInspector : IConsumer<InspectDocument>
    {
        public Task Consume(ConsumeContext<InspectDocument> context) =>
            context.Publish(new DocumentInspected(context.Message.DocumentId, context.Message.BatchId, 3, 100, "abc", 1));
    }

    private sealed class CrashingChunkConsumer : IConsumer<ProcessPageChunk>
    {
        private static int attempts;

        public static int Attempts => Volatile.Read(ref attempts);

        public Task Consume(ConsumeContext<ProcessPageChunk> context)
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("page 2: renderer crashed");
        }
    }
}
