using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Contracts.Results;
using Fleet.Orchestrator.Batches;

namespace Fleet.Tests.Orchestration;

public sealed class ManifestBuilderTests
{
    private static readonly SubmitBatch Submission = new(Guid.NewGuid(), "/in", "scans/", null, "/out", "ocr/", new ProcessingOptions());

    [Test]
    public void Totals_count_statuses_and_only_pages_of_succeeded_documents()
    {
        var received = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
        var documents = new[]
        {
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(10, 6, 4, 1), "PP-OCRv4"),
            Entry("scans/b.pdf", DocumentStatus.Failed, new PageCounts(3, 0, 0, 0), null),
            Entry("scans/c.pdf", DocumentStatus.Succeeded, new PageCounts(10, 10, 0, 0), "text layer"),
        };

        var manifest = ManifestBuilder.Build(new WriteManifest(Submission.BatchId, Submission, received, documents), received.AddSeconds(4), "1.0.0");

        Assert.That(manifest.Totals.Documents, Is.EqualTo(3));
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(2));
        Assert.That(manifest.Totals.Failed, Is.EqualTo(1));
        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(20, 16, 4, 1)));
        Assert.That(manifest.Totals.PagesPerSecond, Is.EqualTo(5.0));
        Assert.That(manifest.Input, Is.EqualTo("/in/scans/"));
        Assert.That(manifest.FleetVersion, Is.EqualTo("1.0.0"));
        Assert.That(manifest.Engines, Is.EqualTo(new[] { "PP-OCRv4", "text layer" }));
    }

    [Test]
    public void Reused_documents_count_as_pages_but_not_towards_pages_per_second()
    {
        var received = DateTimeOffset.Parse("2026-11-23T10:00:00Z");
        var documents = new[]
        {
            Entry("scans/a.pdf", DocumentStatus.Succeeded, new PageCounts(10, 0, 10, 0), "PP-OCRv4"),
            Entry("scans/a-copy.pdf", DocumentStatus.Succeeded, new PageCounts(10, 0, 10, 0), "PP-OCRv4") with { Reused = true },
        };

        var manifest = ManifestBuilder.Build(new WriteManifest(Submission.BatchId, Submission, received, documents), received.AddSeconds(5), "1.0.0");

        Assert.That(manifest.Totals.Pages.Total, Is.EqualTo(20));
        Assert.That(manifest.Totals.Reused, Is.EqualTo(1));
        Assert.That(manifest.Totals.PagesPerSecond, Is.EqualTo(2.0));
    }

    [Test]
    public void Output_key_keeps_sub_folders_and_swaps_the_input_prefix_for_the_output_prefix()
    {
        Assert.That(SubmitBatchConsumer.OutputKeyBase(Submission, "scans/2024/report.pdf"), Is.EqualTo("ocr/2024/report"));
        Assert.That(SubmitBatchConsumer.OutputKeyBase(Submission, "scans/Letter.PDF"), Is.EqualTo("ocr/Letter"));
    }

    private static ManifestDocument Entry(string key, string status, PageCounts pages, string? engine) =>
        new(key, status, status == DocumentStatus.Failed ? "broken" : null, "abc", 100, pages, [], StageTimings.None, 10,
            engine is null ? [] : [engine]);
}
