using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// A PDF whose chunk kills the worker process on every delivery (a native crash, an OOM kill; here the test-only fault
/// switch <c>Fleet:Worker:CrashOnKeyContaining</c>) must end its document as failed, not loop through the fleet.
/// </summary>
[NonParallelizable]
public sealed class PoisonChunkTests : FleetCluster
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(4);

    protected override int Workers => 1;

    protected override IReadOnlyDictionary<string, string> WorkerSettings { get; } =
        new Dictionary<string, string>
        {
            ["Fleet__Worker__CrashOnKeyContaining"] = "poison-pill",
            // One chunk at a time: a healthy chunk in hand when the worker dies would use up its deliveries too.
            ["Fleet__Worker__ChunkConcurrency"] = "1",
            // Born-digital inputs would be read whole at inspection; the fault under test is in a page chunk.
            ["Fleet__Worker__InlineTextLayerPages"] = "0",
        };

    [Test]
    public async Task A_chunk_that_kills_every_worker_it_reaches_fails_its_document_after_the_delivery_limit()
    {
        await Put("poison/poison-pill.pdf", TestPdfs.BornDigital(["This file crashes workers (a test fault switch)."]));
        await Put("poison/fine.pdf", TestPdfs.BornDigital(["This one is fine."]));

        var batchId = await Submit("poison/");
        // The worker is restarted whenever it dies, as a supervisor (Kubernetes, systemd) would.
        var restarts = 0;
        var status = await WaitForEnd(batchId, BatchTimeout, async _ =>
        {
            if (Running("worker").Count == 0 && restarts < 10)
                await Start($"worker-restart-{++restarts}", "worker", WorkerSettings, waitUntilReady: false);
        });

        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"), Logs());
        var manifest = await ReadManifest("poison/", batchId);
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["poison/fine.pdf"].Status, Is.EqualTo(DocumentStatus.Succeeded));
        Assert.That(byKey["poison/poison-pill.pdf"].Status, Is.EqualTo(DocumentStatus.Failed));
        Assert.That(byKey["poison/poison-pill.pdf"].Reason, Does.Contain("worker process died").And.Contain("pages 1-1"));
        Assert.That(restarts, Is.InRange(2, 6), "the worker died about as often as the delivery limit allows");
    }
}
