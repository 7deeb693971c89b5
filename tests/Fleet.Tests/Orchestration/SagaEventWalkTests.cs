using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Batches;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// Every event in every state of both sagas: an event that does not belong where the saga stands is ignored, never
/// faulted (a fault would send it to the error queue and, for some, fault the batch). Only the sagas are on the bus,
/// so the commands they publish go nowhere and each saga stays in the state the walk put it in.
/// </summary>
public sealed class SagaEventWalkTests
{
    private static readonly string[] DocumentStates = ["Initial", "Inspecting", "Processing", "Assembling"];
    private static readonly string[] DocumentEvents =
        ["Started", "Inspected", "Rejected", "InspectionFaulted", "ChunkProcessed", "ChunkFailed", "ChunkFaulted", "Assembled", "AssemblyFaulted", "DeadlinePassed"];
    private static readonly string[] BatchStateNames = ["Initial", "Submitted", "Running", "Cancelling", "Finishing", "Completed", "Cancelled", "Rejected", "Failed"];
    private static readonly string[] BatchEvents =
        ["Submit", "Received", "Rejection", "ListingFaulted", "DocumentFinished", "ManifestWritten", "ManifestFaulted", "StatusRequested", "Cancel"];

    private OrchestratorHarness fleet = null!;

    [OneTimeSetUp]
    public async Task StartSagas() => fleet = await OrchestratorHarness.Start(new MemoryBucket(), sagasOnly: true);

    [OneTimeTearDown]
    public async Task StopSagas() => await fleet.DisposeAsync();

    [Test]
    public async Task Every_event_in_every_document_state_is_handled_or_ignored()
    {
        var walked = 0;
        foreach (var state in DocumentStates)
        {
            foreach (var name in DocumentEvents)
            {
                var (documentId, batchId) = (Guid.NewGuid(), Guid.NewGuid());
                await ReachDocumentState(state, documentId, batchId);
                await PublishAndWait(DocumentEvent(name, documentId, batchId));
                walked++;
            }
        }

        Assert.That(walked, Is.EqualTo(40));
        AssertNothingFaulted();
    }

    [Test]
    public async Task Every_event_in_every_batch_state_is_handled_or_ignored()
    {
        var walked = 0;
        foreach (var state in BatchStateNames)
        {
            foreach (var name in BatchEvents)
            {
                var submission = new SubmitBatch(Guid.NewGuid(), "in", "", null, "out", "", new ProcessingOptions());
                await ReachBatchState(state, submission);
                if (name == "StatusRequested")
                    await fleet.Status(submission.BatchId);
                else
                    await PublishAndWait(BatchEvent(name, submission));
                walked++;
            }
        }

        Assert.That(walked, Is.EqualTo(81));
        AssertNothingFaulted();
    }

    private readonly HashSet<Guid> faultsPublishedHere = [];

    /// <summary>
    /// Publishes and waits until a saga has consumed it, by polling: the harness's own waits end for good once the bus
    /// has been quiet, which it is between the steps of a walk.
    /// </summary>
    private async Task PublishAndWait(object message)
    {
        var id = NewId.NextGuid();
        await fleet.Harness.Bus.Publish(message, message.GetType(), ctx => ctx.MessageId = id);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fleet.Harness.Consumed.Select(m => m.Context.MessageId == id).Any() && DateTime.UtcNow < deadline)
            await Task.Delay(5);
        Assert.That(fleet.Harness.Consumed.Select(m => m.Context.MessageId == id).Any(), Is.True, $"{message.GetType().Name} was consumed");
    }

    private void AssertNothingFaulted()
    {
        var faulted = fleet.Harness.Consumed.Select(m => m.Exception is not null).Select(m => $"{m.MessageType.Name}: {m.Exception!.Message}").ToList();
        Assert.That(faulted, Is.Empty);
        var faults = fleet.Harness.Published.Select<Fault>().Where(f => !faultsPublishedHere.Contains(f.Context.Message.FaultId));
        Assert.That(faults.Select(f => string.Join(",", f.Context.Message.FaultMessageTypes)), Is.Empty);
    }

    private async Task ReachDocumentState(string state, Guid documentId, Guid batchId)
    {
        if (state == "Initial")
            return;
        await PublishAndWait(new StartDocument(documentId, batchId, "in", "a.pdf", "out", "", "a", new ProcessingOptions()));
        if (state != "Inspecting")
            await PublishAndWait(new DocumentInspected(documentId, batchId, 16, 100, "abc", 1, state == "Assembling" ? "results/abc.json" : null));
        var saga = fleet.Harness.GetSagaStateMachineHarness<Fleet.Orchestrator.Documents.DocumentStateMachine, Fleet.Orchestrator.Documents.DocumentState>()
            .Sagas.Contains(documentId);
        Assert.That(saga?.CurrentState, Is.EqualTo(state));
    }

    private async Task ReachBatchState(string state, SubmitBatch submission)
    {
        var batchId = submission.BatchId;
        switch (state)
        {
            case "Initial":
                return;
            case "Submitted":
                await PublishAndWait(submission);
                break;
            case "Running":
                await fleet.Services.GetRequiredService<IBatchDocuments>().AddAsync(batchId, [new ListedDocument(Guid.NewGuid(), 0, "a.pdf", "a")]);
                await PublishAndWait(Received(submission));
                break;
            case "Cancelling":
                await fleet.Services.GetRequiredService<IBatchDocuments>().AddAsync(batchId, [new ListedDocument(Guid.NewGuid(), 0, "a.pdf", "a")]);
                await PublishAndWait(Received(submission));
                await PublishAndWait(new CancelBatch(batchId));
                break;
            case "Finishing":
                await PublishAndWait(Received(submission));
                break;
            case "Cancelled":
                await PublishAndWait(submission);
                await PublishAndWait(new CancelBatch(batchId));
                await PublishAndWait(Received(submission));
                await PublishAndWait(new BatchCompleted(batchId, "out", "m.json", 0, 0, BatchStates.Cancelled));
                break;
            case "Completed":
                await PublishAndWait(Received(submission));
                await PublishAndWait(new BatchCompleted(batchId, "out", "m.json", 0, 0));
                break;
            case "Rejected":
                await PublishAndWait(new BatchRejected(batchId, "cannot list"));
                break;
            case "Failed":
                await PublishAndWait(Received(submission));
                await PublishAndWait(FaultOf(new WriteManifest(batchId, submission, DateTimeOffset.UtcNow)));
                break;
        }
        Assert.That((await fleet.Status(batchId)).State, Is.EqualTo(state));
    }

    private static BatchReceived Received(SubmitBatch submission) =>
        new(submission.BatchId, submission, new DocumentCount(1), DateTimeOffset.UtcNow);

    private object DocumentEvent(string name, Guid documentId, Guid batchId)
    {
        var chunk = new ProcessPageChunk(documentId, batchId, 0, 1, 8, "in", "a.pdf", "out", "c.json", new ProcessingOptions());
        return name switch
        {
            "Started" => new StartDocument(documentId, batchId, "in", "a.pdf", "out", "", "a", new ProcessingOptions()),
            "Inspected" => new DocumentInspected(documentId, batchId, 16, 100, "abc", 1),
            "Rejected" => new DocumentRejected(documentId, batchId, "not a PDF", 100, null),
            "InspectionFaulted" => FaultOf(new InspectDocument(documentId, batchId, "in", "a.pdf", "out", "", new ProcessingOptions())),
            "ChunkProcessed" => new PageChunkProcessed(documentId, batchId, 0, "c.json", new PageCounts(8, 8, 0, 0), StageTimings.None, []),
            "ChunkFailed" => new PageChunkFailed(documentId, batchId, 0, "page too large"),
            "ChunkFaulted" => FaultOf(chunk),
            "Assembled" => new DocumentAssembled(documentId, batchId, [], new PageCounts(16, 16, 0, 0), [], 1),
            "AssemblyFaulted" => FaultOf(new AssembleDocument(documentId, batchId, "a.pdf", "abc", "out", "a", [], "r.json", false)),
            "DeadlinePassed" => new DocumentDeadlinePassed(documentId, batchId, "a.pdf", "Dispatched", DateTimeOffset.UtcNow.AddHours(-1)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private object BatchEvent(string name, SubmitBatch submission)
    {
        var batchId = submission.BatchId;
        var entry = new ManifestDocument("a.pdf", DocumentStatus.Succeeded, null, null, 0, PageCounts.None, [], StageTimings.None, 0, []);
        return name switch
        {
            "Submit" => submission,
            "Received" => Received(submission),
            "Rejection" => new BatchRejected(batchId, "cannot list"),
            "ListingFaulted" => FaultOf(submission),
            "DocumentFinished" => new DocumentFinished(Guid.NewGuid(), batchId, entry),
            "ManifestWritten" => new BatchCompleted(batchId, "out", "m.json", 0, 0),
            "ManifestFaulted" => FaultOf(new WriteManifest(batchId, submission, DateTimeOffset.UtcNow)),
            "Cancel" => new CancelBatch(batchId),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private Fault<T> FaultOf<T>(T message) where T : class
    {
        var fault = new FaultEvent<T>(message, NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException("it broke"), MessageTypeCache<T>.MessageTypeNames);
        faultsPublishedHere.Add(fault.FaultId);
        return fault;
    }
}
