using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Batches;
using Fleet.Infrastructure.Storage;
using Fleet.Orchestrator.Documents;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// Every failure ends: a fault of any command ends its document or its batch with a reason, a stalled document fails
/// at its deadline, and no batch is left in a state that is not final.
/// </summary>
public sealed class EveryFailureEndsTests
{
    private DirectoryInfo root = null!;

    [SetUp]
    public void CreateFolders() => root = Directory.CreateTempSubdirectory("fleet-failures-");

    [TearDown]
    public void RemoveFolders() => root.Delete(recursive: true);

    [TestCase("inspect-fault.pdf", "inspection failed: inspector crashed")]
    [TestCase("chunk-fault.pdf", "pages 1-1 failed after retries: renderer crashed")]
    [TestCase("assemble-fault.pdf", "assembly failed: disk full")]
    public async Task A_faulting_command_fails_its_document_and_the_batch_completes(string key, string reason)
    {
        var bucket = new MemoryBucket();
        await using var fleet = await OrchestratorHarness.Start(bucket, addWorker: bus => bus.AddConsumer<ScriptedWorker>());
        var submission = Submission(["good.pdf", key]);

        await fleet.Harness.Bus.Publish(submission);
        await fleet.Completed(submission.BatchId);

        var manifest = ReadManifest(bucket, submission);
        Assert.That(manifest.Documents.Select(d => (d.Key, d.Status, d.Reason)), Is.EquivalentTo(new[]
        {
            ("good.pdf", DocumentStatus.Succeeded, (string?)null),
            (key, DocumentStatus.Failed, reason),
        }));
        Assert.That((await fleet.Status(submission.BatchId)).State, Is.EqualTo(BatchStates.Completed));
        Assert.That(fleet.Harness.Published.Select<Fleet.Contracts.Chunks.ProcessPageChunk>().Select(m => m.Context.Message.ETag),
            Is.All.EqualTo("\"etag-1\""), "each chunk reads the version inspection saw");
    }

    [Test]
    public async Task A_listing_that_faults_fails_the_batch_with_the_reason()
    {
        // A store that throws what the listing does not expect: no real store does that on demand.
        var bucket = new MemoryBucket { ListingFault = new InvalidOperationException("the listing service is down") };
        await using var fleet = await OrchestratorHarness.Start(bucket);
        var submission = Submission(keys: null);

        await fleet.Harness.Bus.Publish(submission);

        Assert.That(await fleet.Harness.Published.Any<BatchFailed>(m => m.Context.Message.BatchId == submission.BatchId), Is.True);
        var status = await fleet.Status(submission.BatchId);
        Assert.That(status.State, Is.EqualTo(BatchStates.Failed));
        Assert.That(status.Reason, Is.EqualTo("listing the inputs failed: the listing service is down"));
    }

    [Test]
    public async Task A_manifest_that_cannot_be_written_fails_the_batch_with_the_reason()
    {
        var input = root.CreateSubdirectory("in");
        File.WriteAllBytes(Path.Combine(input.FullName, "a.pdf"), [1, 2, 3]);
        // The output "bucket" is a file: the folder store cannot create anything under it.
        var output = Path.Combine(root.FullName, "not-a-folder");
        File.WriteAllText(output, "");
        await using var fleet = await OrchestratorHarness.Start(new LocalFolderObjectStore(), addWorker: bus => bus.AddConsumer<InstantFinish>());
        var submission = new SubmitBatch(Guid.NewGuid(), input.FullName, "", null, output, "", new ProcessingOptions());

        await fleet.Harness.Bus.Publish(submission);

        Assert.That(await fleet.Harness.Published.Any<BatchFailed>(m => m.Context.Message.BatchId == submission.BatchId), Is.True);
        var status = await fleet.Status(submission.BatchId);
        Assert.That(status.State, Is.EqualTo(BatchStates.Failed));
        Assert.That(status.Reason, Does.StartWith($"the manifest could not be written to '{output}': "));
        Assert.That((status.Documents, status.Finished), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task Keys_that_escape_the_bucket_fail_their_documents_in_the_manifest()
    {
        var input = root.CreateSubdirectory("in");
        var output = root.CreateSubdirectory("out");
        File.WriteAllBytes(Path.Combine(input.FullName, "good.pdf"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(root.FullName, "x.pdf"), [4, 5, 6]);
        var store = new LocalFolderObjectStore();
        Assert.ThrowsAsync<ArgumentException>(() => store.FindAsync(input.FullName, "../x.pdf"), "the folder store refuses it itself");
        Assert.ThrowsAsync<ArgumentException>(() => store.ReadAllBytesAsync(input.FullName, "/etc/hostname.pdf"));
        await using var fleet = await OrchestratorHarness.Start(store, addWorker: bus => bus.AddConsumer<InstantFinish>());
        var submission = new SubmitBatch(Guid.NewGuid(), input.FullName, "", ["good.pdf", "../x.pdf", "/etc/hostname.pdf"], output.FullName, "", new ProcessingOptions());

        await fleet.Harness.Bus.Publish(submission);
        var completed = await fleet.Completed(submission.BatchId);

        var manifest = ResultJson.Deserialize<Manifest>(File.ReadAllBytes(Path.Combine(output.FullName, completed.ManifestKey)));
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That((manifest.Totals.Documents, manifest.Totals.Succeeded, manifest.Totals.Failed), Is.EqualTo((3, 1, 2)));
        Assert.That(byKey["../x.pdf"].Reason, Does.Contain("'..' segment"));
        Assert.That(byKey["/etc/hostname.pdf"].Reason, Does.StartWith("the input store refuses the key: ").And.Contain("points outside bucket"));
        Assert.That(fleet.Harness.Published.Select<StartDocument>().Select(m => m.Context.Message.Key), Is.EqualTo(new[] { "good.pdf" }), "a refused key is never read");
    }

    [Test]
    public async Task A_document_finished_twice_counts_once()
    {
        var bucket = new MemoryBucket();
        await using var fleet = await OrchestratorHarness.Start(bucket, addWorker: bus => bus.AddConsumer<FinishTwice>());
        var submission = Submission(["a.pdf", "b.pdf", "c.pdf"]);

        await fleet.Harness.Bus.Publish(submission);
        await fleet.Completed(submission.BatchId);
        await fleet.Harness.InactivityTask;

        Assert.That(fleet.Harness.Published.Select<DocumentFinished>().Count(), Is.EqualTo(6));
        var status = await fleet.Status(submission.BatchId);
        Assert.That((status.State, status.Documents, status.Finished, status.Failed), Is.EqualTo((BatchStates.Completed, 3, 3, 0)));
        var manifest = ReadManifest(bucket, submission);
        Assert.That(manifest.Documents.Select(d => (d.Key, d.Status)), Is.EqualTo(new[]
        {
            ("a.pdf", DocumentStatus.Succeeded), ("b.pdf", DocumentStatus.Succeeded), ("c.pdf", DocumentStatus.Succeeded),
        }), "the first answer stands");
        Assert.That(fleet.Harness.Published.Select<WriteManifest>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_stalled_document_fails_at_its_deadline_naming_its_state_and_the_batch_completes()
    {
        var bucket = new MemoryBucket();
        await using var fleet = await OrchestratorHarness.Start(bucket, new Dictionary<string, string?>
        {
            ["Fleet:Orchestrator:DocumentDeadline"] = "00:00:01",
            ["Fleet:Orchestrator:DeadlineSweepInterval"] = "00:00:00.200",
        }, bus => bus.AddConsumer<ScriptedWorker>());
        // Two orchestrator replicas sweeping the same ledger.
        var sweepers = fleet.Services.GetServices<IHostedService>().OfType<DocumentDeadlineSweeper>().ToList();
        var second = ActivatorUtilities.CreateInstance<DocumentDeadlineSweeper>(fleet.Services);
        sweepers.Add(second);
        foreach (var sweeper in sweepers)
            await sweeper.StartAsync(CancellationToken.None);
        try
        {
            var submission = Submission(["good.pdf", "stall.pdf"]);

            await fleet.Harness.Bus.Publish(submission);
            await fleet.Completed(submission.BatchId);

            var manifest = ReadManifest(bucket, submission);
            var stalled = manifest.Documents.Single(d => d.Key == "stall.pdf");
            Assert.That(stalled.Status, Is.EqualTo(DocumentStatus.Failed));
            Assert.That(stalled.Reason, Is.EqualTo("no progress for 1 s while Processing (0 of 1 chunks in)"));
            Assert.That(manifest.Documents.Single(d => d.Key == "good.pdf").Status, Is.EqualTo(DocumentStatus.Succeeded));
            Assert.That((await fleet.Status(submission.BatchId)).Finished, Is.EqualTo(2));
        }
        finally
        {
            foreach (var sweeper in sweepers)
                await sweeper.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task A_deadline_event_for_a_document_that_moved_on_is_ignored()
    {
        var bucket = new MemoryBucket();
        await using var fleet = await OrchestratorHarness.Start(bucket, new Dictionary<string, string?>
        {
            ["Fleet:Orchestrator:DocumentDeadline"] = "00:10:00",
        }, bus => bus.AddConsumer<ScriptedWorker>());
        var submission = Submission(["stall.pdf"]);
        await fleet.Harness.Bus.Publish(submission);
        Assert.That(await fleet.Harness.Published.Any<Fleet.Contracts.Chunks.ProcessPageChunk>(), Is.True);
        await fleet.Harness.InactivityTask;
        var start = fleet.Harness.Published.Select<StartDocument>().Single().Context.Message;

        // A sweeper that saw an old progress time; the saga's own clock says the document is not late.
        await fleet.Harness.Bus.Publish(new DocumentDeadlinePassed(start.DocumentId, start.BatchId, start.Key, "Inspecting", DateTimeOffset.UtcNow.AddHours(-1)));
        await fleet.Harness.InactivityTask;

        Assert.That(fleet.Harness.Published.Select<DocumentFinished>(), Is.Empty);
        Assert.That((await fleet.Status(submission.BatchId)).State, Is.EqualTo(BatchStates.Running));
    }

    [Test]
    public async Task A_listing_delivered_again_adds_no_document_twice()
    {
        var input = root.CreateSubdirectory("in");
        for (var i = 0; i < 10; i++)
            File.WriteAllBytes(Path.Combine(input.FullName, $"d{i}.pdf"), [(byte)i]);
        await using var fleet = await OrchestratorHarness.Start(new LocalFolderObjectStore(),
            new Dictionary<string, string?> { ["Fleet:Orchestrator:ListingPageSize"] = "3" });
        var ledger = fleet.Services.GetRequiredService<IBatchDocuments>();
        var submission = new SubmitBatch(Guid.NewGuid(), input.FullName, "", null, root.FullName, "", new ProcessingOptions());

        await fleet.Harness.Bus.Publish(submission);
        Assert.That(await fleet.Harness.Published.Any<BatchReceived>(), Is.True);
        await fleet.Harness.InactivityTask;
        var first = await All(ledger, submission.BatchId);
        await fleet.Harness.Bus.Publish(submission);
        await WaitFor(() => fleet.Harness.Published.Select<BatchReceived>().Count() == 2);
        await fleet.Harness.InactivityTask;
        var again = await All(ledger, submission.BatchId);

        Assert.That(first.Select(d => d.Key), Is.EqualTo(Enumerable.Range(0, 10).Select(i => $"d{i}.pdf")));
        Assert.That(again.Select(d => (d.DocumentId, d.Key)), Is.EqualTo(first.Select(d => (d.DocumentId, d.Key))));
        Assert.That(fleet.Harness.Published.Select<BatchReceived>().Select(r => r.Context.Message.Documents.Count), Is.EqualTo(new[] { 10, 10 }));
        Assert.That(fleet.Harness.Published.Select<StartDocument>().Count(), Is.EqualTo(8), "the cap, once: the second listing changed nothing");
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }

    private static async Task<List<BatchDocumentView>> All(IBatchDocuments ledger, Guid batchId) =>
        [.. (await ledger.PageAsync(batchId, null, 1000)).Items];

    private static SubmitBatch Submission(IReadOnlyList<string>? keys) =>
        new(Guid.NewGuid(), "in", "", keys, "out", "", new ProcessingOptions());

    private static Manifest ReadManifest(MemoryBucket bucket, SubmitBatch submission) =>
        ResultJson.Deserialize<Manifest>(bucket.Objects[("out", RunKeys.Manifest("", submission.BatchId))]);

    /// <summary>Finishes every document at once, succeeded, without a document saga.</summary>
    private sealed class InstantFinish : IConsumer<StartDocument>
    {
        public Task Consume(ConsumeContext<StartDocument> context) => context.Publish(Finished(context.Message, DocumentStatus.Succeeded));
    }

    /// <summary>Answers every document twice, the second time as failed: a redelivery that must not count.</summary>
    private sealed class FinishTwice : IConsumer<StartDocument>
    {
        public async Task Consume(ConsumeContext<StartDocument> context)
        {
            await context.Publish(Finished(context.Message, DocumentStatus.Succeeded));
            await context.Publish(Finished(context.Message, DocumentStatus.Failed));
        }
    }

    private static DocumentFinished Finished(StartDocument start, string status) =>
        new(start.DocumentId, start.BatchId, new ManifestDocument(start.Key, status, status == DocumentStatus.Failed ? "again" : null,
            null, 0, PageCounts.None, [], StageTimings.None, 0, []));
}
