using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Batches;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Cost;

namespace Fleet.Tests.Orchestration;

/// <summary>The manifest as written from a batch's ledger: totals from the ledger's counts, entries streamed in key order.</summary>
public sealed class ManifestBuilderTests
{
    private static readonly SubmitBatch Submission = new(Guid.NewGuid(), "/in", "scans/", null, "/out", "ocr/", new ProcessingOptions());
    private static readonly DateTimeOffset Received = DateTimeOffset.Parse("2026-11-23T10:00:00Z");

    [Test]
    public async Task Totals_count_statuses_and_only_pages_of_succeeded_documents()
    {
        var manifest = await Written(Received.AddSeconds(4),
            Entry("scans/c.pdf", DocumentStatus.Succeeded, new PageCounts(10, 10, 0, 0), "text layer"),
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(10, 6, 4, 1), "PP-OCRv4"),
            Entry("scans/b.pdf", DocumentStatus.Failed, new PageCounts(3, 0, 0, 0), null));

        Assert.That(manifest.Totals.Documents, Is.EqualTo(3));
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(2));
        Assert.That(manifest.Totals.Failed, Is.EqualTo(1));
        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(20, 16, 4, 1)));
        Assert.That(manifest.Totals.PagesPerSecond, Is.EqualTo(5.0));
        Assert.That(manifest.Input, Is.EqualTo("/in/scans/"));
        Assert.That(manifest.FleetVersion, Is.EqualTo("1.0.0"));
        Assert.That(manifest.Engines, Is.EqualTo(new[] { "PP-OCRv4", "text layer" }));
        Assert.That(manifest.Documents.Select(d => d.Key), Is.EqualTo(new[] { "scans/a.pdf", "scans/b.pdf", "scans/c.pdf" }), "in key order");
    }

    [Test]
    public async Task Reused_documents_count_as_pages_but_not_towards_pages_per_second()
    {
        var manifest = await Written(Received.AddSeconds(5),
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(10, 0, 10, 0), "PP-OCRv4"),
            Entry("scans/a-copy.pdf", DocumentStatus.Succeeded, new PageCounts(10, 0, 10, 0), "PP-OCRv4") with { Reused = true });

        Assert.That(manifest.Totals.Pages.Total, Is.EqualTo(20));
        Assert.That(manifest.Totals.Reused, Is.EqualTo(1));
        Assert.That(manifest.Totals.PagesPerSecond, Is.EqualTo(2.0));
    }

    [Test]
    public async Task The_streamed_manifest_is_byte_for_byte_the_serialized_manifest()
    {
        var entries = new[]
        {
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(2, 1, 1, 0), "PP-OCRv4") with
            {
                Outputs = [new OutputObject("ocr/a.json", "ff", 10)], Timings = new StageTimings(1, 2, 3, 4, 5, 6),
            },
            Entry("scans/é + \"quoted\".pdf", DocumentStatus.Failed, PageCounts.None, null),
        };
        var ledger = await Ledger(entries);
        var head = ManifestBuilder.Head(Write(), await ledger.TotalsAsync(Submission.BatchId), Received.AddSeconds(1), "1.0.0");

        var streamed = await Stream(ledger, head);

        // The cost is summed as the entries stream by and written after them; its orchestrator seconds are measured, so read them back.
        var cost = ResultJson.Deserialize<Manifest>(streamed).Cost;
        Assert.That(cost, Is.Not.Null);
        var whole = ResultJson.Serialize(head with { Documents = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(), Cost = cost });
        Assert.That(System.Text.Encoding.UTF8.GetString(streamed), Is.EqualTo(System.Text.Encoding.UTF8.GetString(whole)));
    }

    [Test]
    public async Task Cost_sums_every_entry_s_stage_seconds_and_the_pages_processed_and_prices_them()
    {
        var manifest = await Written(Received.AddSeconds(4),
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(3, 1, 2, 0), "PP-OCRv4") with
            {
                Timings = new StageTimings(InspectMs: 100, TextLayerMs: 20, RenderMs: 900, DetectMs: 1500, RecogniseMs: 6000, AssembleMs: 30,
                    DownloadMs: 40, UploadMs: 10),
            },
            Entry("scans/b.pdf", DocumentStatus.Failed, PageCounts.None, null) with { Timings = new StageTimings(InspectMs: 50, DownloadMs: 5) },
            Entry("scans/c.pdf", DocumentStatus.Succeeded, new PageCounts(4, 4, 0, 0), "text layer") with
            {
                Reused = true, Timings = new StageTimings(InspectMs: 10, AssembleMs: 5, UploadMs: 2),
            });

        var cost = manifest.Cost!;
        Assert.That(cost.SecondsByStage, Is.EqualTo(new Dictionary<string, double>
        {
            ["download"] = 0.045, ["inspect"] = 0.16, ["text-layer"] = 0.02, ["render"] = 0.9, ["detect"] = 1.5, ["recognise"] = 6,
            ["assemble"] = 0.035, ["upload"] = 0.012,
        }));
        Assert.That(cost.SecondsByRole["worker"], Is.EqualTo(8.672).Within(1e-9));
        Assert.That(cost.SecondsByRole["orchestrator"], Is.GreaterThanOrEqualTo(0));
        Assert.That(cost.PagesBySource, Is.EqualTo(new Dictionary<string, int> { ["text-layer"] = 1, ["ocr"] = 2 }), "the reused document's pages cost nothing");
        Assert.That(cost.ComputeSeconds, Is.EqualTo(cost.SecondsByRole.Values.Sum()).Within(0.002));
        var price = new CostOptions();
        Assert.That(cost.Price.PerComputeSecond, Is.EqualTo(price.InstanceHourlyPrice / 3600 / price.Cores));
        Assert.That(cost.Estimated, Is.EqualTo(cost.ComputeSeconds * cost.Price.PerComputeSecond).Within(1e-9));
        Assert.That(cost.PerThousandPages, Is.EqualTo(cost.Estimated / 3 * 1000).Within(1e-6));
    }

    [Test]
    public void A_GPU_instance_s_second_is_one_GPU_s_share_of_its_price()
    {
        var gpu = new CostOptions { InstanceType = "g4dn.xlarge", InstanceHourlyPrice = 0.526, Cores = 4, Gpus = 1 };
        Assert.That(gpu.PerComputeSecond, Is.EqualTo(0.526 / 3600));
    }

    [Test]
    public void Output_key_keeps_sub_folders_and_swaps_the_input_prefix_for_the_output_prefix()
    {
        Assert.That(OutputKeys.Base(Submission, "scans/2024/report.pdf"), Is.EqualTo("ocr/2024/report"));
        Assert.That(OutputKeys.Base(Submission, "scans/Letter.PDF"), Is.EqualTo("ocr/Letter"));
    }

    private static WriteManifest Write() => new(Submission.BatchId, Submission, Received);

    private static async Task<Manifest> Written(DateTimeOffset completedAt, params ManifestDocument[] entries)
    {
        var ledger = await Ledger(entries);
        var head = ManifestBuilder.Head(Write(), await ledger.TotalsAsync(Submission.BatchId), completedAt, "1.0.0");
        return ResultJson.Deserialize<Manifest>(await Stream(ledger, head));
    }

    private static async Task<byte[]> Stream(IBatchDocuments ledger, Manifest head)
    {
        using var output = new MemoryStream();
        await ManifestWriter.WriteAsync(output, head, ledger.FinishedEntriesAsync(Submission.BatchId),
            new ManifestCostTally(new CostOptions()), CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>A ledger where every entry's document was listed, started and finished.</summary>
    private static async Task<InMemoryBatchDocuments> Ledger(IReadOnlyList<ManifestDocument> entries)
    {
        var ledger = new InMemoryBatchDocuments();
        var listed = entries.Select((e, i) => new ListedDocument(Guid.NewGuid(), i, e.Key, e.Key)).ToList();
        await ledger.AddAsync(Submission.BatchId, listed);
        await ledger.StartNextAsync(Submission.BatchId, entries.Count, DateTimeOffset.UtcNow);
        for (var i = 0; i < entries.Count; i++)
            await ledger.FinishAsync(Submission.BatchId, listed[i].DocumentId, entries[i]);
        return ledger;
    }

    private static ManifestDocument Entry(string key, string status, PageCounts pages, string? engine) =>
        new(key, status, status == DocumentStatus.Failed ? "broken" : null, "abc", 100, pages, [], StageTimings.None, 10,
            engine is null ? [] : [engine]);
}
