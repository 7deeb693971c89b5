using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Messaging;
using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Batches;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// The batch saga answers status queries in every state, keeps a finished batch (trimmed to its counts), and ignores a
/// batch submitted again. Documents are finished by a fake worker: what matters here is the saga's bookkeeping.
/// </summary>
public sealed class BatchSagaStatusTests
{
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;
    private DirectoryInfo output = null!;

    [SetUp]
    public async Task StartBus()
    {
        output = Directory.CreateTempSubdirectory("fleet-saga-");
        provider = new ServiceCollection()
            .AddSingleton<IObjectStore, LocalFolderObjectStore>()
            .AddOrchestratorOptions(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddSagaStateMachine<BatchStateMachine, BatchState>();
                bus.AddConsumer<SubmitBatchConsumer>();
                bus.AddConsumer<WriteManifestConsumer>();
                bus.AddConsumer<InstantWorker>();
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseFleetReliability(context);
                    transport.ConfigureEndpoints(context);
                });
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);
        await harness.Start();
    }

    [TearDown]
    public async Task StopBus()
    {
        await provider.DisposeAsync();
        output.Delete(recursive: true);
    }

    [Test]
    public async Task Status_of_an_unknown_batch_is_Unknown()
    {
        var id = Guid.NewGuid();

        var status = await Status(id);

        Assert.That(status, Is.EqualTo(new BatchStatus(id, BatchStates.Unknown, 0, 0, 0, null)));
    }

    [Test]
    public async Task A_completed_batch_keeps_answering_with_its_counts_and_manifest_key()
    {
        var submission = Submission("good.pdf", "bad.pdf");

        await harness.Bus.Publish(submission);
        Assert.That(await harness.Published.Any<BatchCompleted>(m => m.Context.Message.BatchId == submission.BatchId), Is.True);
        await harness.InactivityTask;

        var status = await Status(submission.BatchId);
        var manifestKey = RunKeys.Manifest("", submission.BatchId);
        Assert.That(status, Is.EqualTo(new BatchStatus(submission.BatchId, BatchStates.Completed, 2, 2, 1, manifestKey, output.FullName)));
        Assert.That(File.Exists(Path.Combine(output.FullName, manifestKey)), Is.True);
        var saga = harness.GetSagaStateMachineHarness<BatchStateMachine, BatchState>().Sagas.Contains(submission.BatchId);
        Assert.That(saga!.Submission!.Keys, Is.Null, "the ledger holds the documents; the saga keeps only counts");
    }

    [Test]
    public async Task A_batch_submitted_again_after_completion_is_not_run_again()
    {
        var submission = Submission("good.pdf");
        await harness.Bus.Publish(submission);
        Assert.That(await harness.Published.Any<BatchCompleted>(m => m.Context.Message.BatchId == submission.BatchId), Is.True);
        await harness.InactivityTask;

        await harness.Bus.Publish(submission);
        // The first BatchReceived is already in the harness: wait for the second listing itself, then for quiet.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (harness.Published.Select<BatchReceived>().Count() < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await harness.InactivityTask;

        Assert.That(harness.Published.Select<StartDocument>().Count(), Is.EqualTo(1));
        Assert.That(harness.Published.Select<WriteManifest>().Count(), Is.EqualTo(1));
        Assert.That(harness.Published.Select<BatchReceived>().Count(), Is.EqualTo(2), "the second submission was listed and then ignored");
        Assert.That((await Status(submission.BatchId)).State, Is.EqualTo(BatchStates.Completed));
    }

    [Test]
    public async Task A_key_named_twice_is_one_document_and_the_batch_completes()
    {
        var submission = Submission("good.pdf", "other.pdf", "good.pdf");

        await harness.Bus.Publish(submission);
        Assert.That(await harness.Published.Any<BatchCompleted>(m => m.Context.Message.BatchId == submission.BatchId), Is.True);
        await harness.InactivityTask;

        Assert.That(harness.Published.Select<StartDocument>().Select(m => m.Context.Message.Key), Is.EquivalentTo(new[] { "good.pdf", "other.pdf" }));
        Assert.That((await Status(submission.BatchId)).Documents, Is.EqualTo(2));
    }

    [Test]
    public async Task A_batch_whose_inputs_cannot_be_listed_is_Rejected_with_the_reason()
    {
        var submission = new SubmitBatch(Guid.NewGuid(), "/no/such/bucket", "", null, output.FullName, "", new ProcessingOptions());

        await harness.Bus.Publish(submission);
        Assert.That(await harness.Published.Any<BatchRejected>(), Is.True);
        await harness.InactivityTask;

        var status = await Status(submission.BatchId);
        Assert.That(status.State, Is.EqualTo(BatchStates.Rejected));
        Assert.That(status.Reason, Does.Contain("/no/such/bucket"));
    }

    [Test]
    public void The_saga_states_are_the_states_a_status_can_name()
    {
        var machine = new BatchStateMachine(Microsoft.Extensions.Options.Options.Create(new OrchestratorOptions()));

        var names = machine.States.Select(s => s.Name).Except(["Initial", "Final"]);

        Assert.That(names, Is.EquivalentTo(new[]
        {
            BatchStates.Submitted, BatchStates.Running, BatchStates.Cancelling, BatchStates.Finishing, BatchStates.Completed,
            BatchStates.Cancelled, BatchStates.Rejected, BatchStates.Failed,
        }));
    }

    private SubmitBatch Submission(params string[] keys) =>
        new(Guid.NewGuid(), "/in", "", keys, output.FullName, "", new ProcessingOptions());

    private async Task<BatchStatus> Status(Guid batchId)
    {
        var client = harness.GetRequestClient<GetBatchStatus>();
        return (await client.GetResponse<BatchStatus>(new GetBatchStatus(batchId))).Message;
    }

    /// <summary>Finishes every document at once: keys starting with "bad" fail, the rest succeed.</summary>
    private sealed class InstantWorker : IConsumer<StartDocument>
    {
        public Task Consume(ConsumeContext<StartDocument> context)
        {
            var failed = context.Message.Key.StartsWith("bad", StringComparison.Ordinal);
            var entry = new ManifestDocument(context.Message.Key, failed ? DocumentStatus.Failed : DocumentStatus.Succeeded,
                failed ? "not a PDF" : null, null, 0, PageCounts.None, [], StageTimings.None, 0, []);
            return context.Publish(new DocumentFinished(context.Message.DocumentId, context.Message.BatchId, entry));
        }
    }
}
