using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Documents;
using MassTransit;
using MassTransit.Testing;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// A batch of 100,000 documents through both sagas: no message and no saga instance grows with the batch. The inputs
/// are synthetic (a folder of 100,000 files would test the disk, not the orchestrator), the worker answers at once.
/// </summary>
public sealed class BatchAtScaleTests
{
    private const int Documents = 100_000;
    private const int Limit = 64 * 1024;

    [Test, CancelAfter(300_000)]
    public async Task A_100000_document_batch_runs_with_every_message_and_saga_instance_under_64_KB()
    {
        // Every 1,000th file repeats the one before it (same size, same bytes): it must wait for it and be marked.
        var bucket = new MemoryBucket
        {
            Listing = _ => Enumerable.Range(0, Documents).Select(i => new StoredObject(Key(i), Size(i))),
            Content = key => BitConverter.GetBytes(Size(int.Parse(key[4..10]))),
        };
        await using var fleet = await OrchestratorHarness.Start(bucket, new Dictionary<string, string?>
        {
            ["Fleet:Orchestrator:MaxActiveDocuments"] = "200",
        }, bus => bus.AddConsumer<StoredResultWorker>(), TimeSpan.FromMinutes(4));
        var largestSaga = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                largestSaga = Math.Max(largestSaga, LargestSaga(fleet.Harness));
                await Task.Delay(250);
            }
        });
        var submission = new SubmitBatch(Guid.NewGuid(), "in", "", null, "out", "", new ProcessingOptions());
        var clock = Stopwatch.StartNew();

        await fleet.Harness.Bus.Publish(submission);
        // Polled, not awaited through the harness's message list: matching against a list of a million messages on
        // every new one would cost more than the batch.
        while ((await fleet.Status(submission.BatchId)).State is not (BatchStates.Completed or BatchStates.Failed))
            await Task.Delay(500);
        await sampling.CancelAsync();
        await sampler;
        largestSaga = Math.Max(largestSaga, LargestSaga(fleet.Harness));
        TestContext.Out.WriteLine($"{Documents} documents in {clock.Elapsed.TotalSeconds:0.0} s");

        var sizes = fleet.Harness.Published.Select(_ => true).Select(m => (m.MessageType.Name, Bytes: Size(m.MessageObject)))
            .Concat(fleet.Harness.Sent.Select(_ => true).Select(m => (m.MessageType.Name, Bytes: Size(m.MessageObject))))
            .GroupBy(m => m.Name).ToDictionary(g => g.Key, g => (Count: g.Count(), Largest: g.Max(m => m.Bytes)));
        foreach (var (name, (count, largest)) in sizes.OrderBy(s => s.Key))
            TestContext.Out.WriteLine($"{name}: {count} messages, largest {largest} bytes");
        TestContext.Out.WriteLine($"largest saga instance: {largestSaga} bytes");

        Assert.That(sizes.Values.Max(s => s.Largest), Is.LessThan(Limit));
        Assert.That(largestSaga, Is.LessThan(Limit));
        Assert.That(sizes[nameof(StartDocument)].Count, Is.EqualTo(Documents));
        Assert.That(sizes[nameof(BatchReceived)].Count, Is.EqualTo(1));

        var status = await fleet.Status(submission.BatchId);
        Assert.That((status.State, status.Documents, status.Finished, status.Failed), Is.EqualTo((BatchStates.Completed, Documents, Documents, 0)));
        var manifest = ResultJson.Deserialize<Manifest>(bucket.Objects[("out", RunKeys.Manifest("", submission.BatchId))]);
        Assert.That(manifest.Documents, Has.Count.EqualTo(Documents));
        Assert.That(manifest.Documents.Select(d => d.Key), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(manifest.Totals.Reused, Is.EqualTo(Documents / 1000));
        var startedAt = fleet.Harness.Published.Select<StartDocument>().ToDictionary(m => m.Context.Message.Key, m => m.Context.SentTime);
        var finishedAt = fleet.Harness.Published.Select<DocumentFinished>().ToDictionary(m => m.Context.Message.Entry.Key, m => m.Context.SentTime);
        foreach (var repeat in Enumerable.Range(0, Documents).Where(i => i % 1000 == 999))
            Assert.That(startedAt[Key(repeat)], Is.GreaterThanOrEqualTo(finishedAt[Key(repeat - 1)]!.Value), $"{Key(repeat)} waits for the file it repeats");
        Assert.That(bucket.Reads, Is.EqualTo(2 * (Documents / 1000)), "only same-sized files are read");
    }

    private static string Key(int i) => $"doc-{i:D6}.pdf";

    private static long Size(int i) => 1_000 + (i % 1000 == 999 ? i - 1 : i);

    private static int Size(object message) => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType()).Length;

    private static int LargestSaga(ITestHarness harness)
    {
        var batches = harness.GetSagaStateMachineHarness<BatchStateMachine, BatchState>().Sagas.Select(_ => true).Select(s => Size(s.Saga));
        var documents = harness.GetSagaStateMachineHarness<DocumentStateMachine, DocumentState>().Sagas.Select(_ => true).Select(s => Size(s.Saga));
        return batches.Concat(documents).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// One page per document, answered at once; inspection finds a stored result for repeats, as the real inspector
    /// does once the first copy has finished.
    /// </summary>
    private sealed class StoredResultWorker : IConsumer<InspectDocument>, IConsumer<ProcessPageChunk>, IConsumer<AssembleDocument>
    {
        public Task Consume(ConsumeContext<InspectDocument> context)
        {
            var m = context.Message;
            var repeat = int.Parse(m.Key[4..10]) % 1000 == 999;
            return context.Publish(new DocumentInspected(m.DocumentId, m.BatchId, 1, 100, "abc", 1, repeat ? "results/abc.json" : null));
        }

        public Task Consume(ConsumeContext<ProcessPageChunk> context)
        {
            var m = context.Message;
            return context.Publish(new PageChunkProcessed(m.DocumentId, m.BatchId, m.ChunkIndex, m.ChunkKey, new PageCounts(1, 1, 0, 0), StageTimings.None, ["fake"]));
        }

        public Task Consume(ConsumeContext<AssembleDocument> context)
        {
            var m = context.Message;
            return context.Publish(new DocumentAssembled(m.DocumentId, m.BatchId, [new OutputObject(m.OutputKeyBase + ".txt", "ff", 1)],
                new PageCounts(1, 1, 0, 0), ["fake"], 1));
        }
    }
}
