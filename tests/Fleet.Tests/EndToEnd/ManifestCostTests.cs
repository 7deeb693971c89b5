using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Orchestrator.Cost;
using Fleet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.EndToEnd;

/// <summary>
/// The manifest's <c>cost</c> after real runs: seconds measured by the stages that ran (and none for those that did
/// not), the pages by source as the totals count them, and the estimate at the configured price.
/// </summary>
public sealed class ManifestCostTests : EmbeddedFleetFixture
{
    private static readonly CostOptions Price = new() { InstanceType = "test.large", InstanceHourlyPrice = 3.6, Currency = "EUR", Cores = 2 };

    protected override void Configure(IServiceCollection services) =>
        services.PostConfigure<CostOptions>(o => (o.InstanceType, o.InstanceHourlyPrice, o.Currency, o.Cores) = (Price.InstanceType, Price.InstanceHourlyPrice, Price.Currency, Price.Cores));

    [Test]
    public async Task A_text_layer_batch_costs_text_layer_seconds_and_no_OCR_seconds()
    {
        // Enough text per page for the text layer to pass the quality check (a line or two would be OCR'd).
        AddInput("letter.pdf", TestPdfs.BornDigital(Lines("letter, page one"), Lines("letter, page two")));
        AddInput("memo.pdf", TestPdfs.BornDigital(Lines("memo")));

        var manifest = await RunBatch(new ProcessingOptions());

        var cost = manifest.Cost!;
        Assert.That(cost.SecondsByStage.Keys, Is.EqualTo(new[] { "download", "inspect", "text-layer", "render", "detect", "recognise", "assemble", "upload" }));
        Assert.Multiple(() =>
        {
            foreach (var stage in new[] { "download", "inspect", "text-layer", "assemble", "upload" })
                Assert.That(cost.SecondsByStage[stage], Is.GreaterThan(0), stage);
            foreach (var stage in new[] { "render", "detect", "recognise" })
                Assert.That(cost.SecondsByStage[stage], Is.Zero, stage);
        });
        AssertPagesAndPrice(manifest, textLayer: 3, ocr: 0);
    }

    [Test]
    public async Task An_OCR_batch_costs_render_detect_and_recognise_seconds_summed_from_its_documents()
    {
        AddInput("scan-a.pdf", TestPdfs.Scanned(200, ["Scanned page one of the cost test."], ["Scanned page two of the cost test."]));
        AddInput("scan-b.pdf", TestPdfs.Scanned(200, ["Another scanned page for the cost."]));

        var manifest = await RunBatch(new ProcessingOptions(Dpi: 200, Mode: ProcessingMode.Ocr, ChunkPages: 1));

        var cost = manifest.Cost!;
        Assert.Multiple(() =>
        {
            foreach (var stage in new[] { "download", "inspect", "render", "detect", "recognise", "assemble", "upload" })
                Assert.That(cost.SecondsByStage[stage], Is.GreaterThan(0), stage);
            Assert.That(cost.SecondsByStage["text-layer"], Is.Zero, "mode ocr reads no text layer");
            // The batch's sums are its documents' timings added up: measured per chunk, carried by the messages.
            Assert.That(cost.SecondsByStage["recognise"], Is.EqualTo(manifest.Documents.Sum(d => d.Timings.RecogniseMs) / 1000).Within(1e-5));
            Assert.That(cost.SecondsByStage["recognise"], Is.GreaterThan(cost.SecondsByStage["inspect"]), "recognition is where OCR's time goes");
        });
        AssertPagesAndPrice(manifest, textLayer: 0, ocr: 3);
    }

    private static string[] Lines(string what) =>
    [
        $"This {what} has a text layer that Fleet reads instead of running OCR on it.",
        "Invoices, contracts and letters arrive every morning in the input bucket.",
        "Operators watch the queue depth, the failure counts and the cost per batch.",
        "The quick brown fox jumps over the lazy dog 1234567890.",
    ];

    private static void AssertPagesAndPrice(Manifest manifest, int textLayer, int ocr)
    {
        var cost = manifest.Cost!;
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Totals.Pages.TextLayer, Is.EqualTo(textLayer));
            Assert.That(manifest.Totals.Pages.Ocr, Is.EqualTo(ocr));
            Assert.That(cost.PagesBySource[PageSource.TextLayer], Is.EqualTo(manifest.Totals.Pages.TextLayer));
            Assert.That(cost.PagesBySource[PageSource.Ocr], Is.EqualTo(manifest.Totals.Pages.Ocr));
            Assert.That(cost.SecondsByRole["worker"], Is.EqualTo(cost.SecondsByStage.Values.Sum()).Within(1e-5));
            Assert.That(cost.SecondsByRole["orchestrator"], Is.GreaterThan(0), "the manifest's writing is measured");
            Assert.That(cost.ComputeSeconds, Is.EqualTo(cost.SecondsByRole.Values.Sum()).Within(1e-5));
            Assert.That((cost.Price.InstanceType, cost.Price.Currency, cost.Price.Cores, cost.Price.Gpus), Is.EqualTo(("test.large", "EUR", 2, 0)));
            Assert.That(cost.Price.PerComputeSecond, Is.EqualTo(0.0005).Within(1e-12), "3.6 an hour on 2 cores");
            Assert.That(cost.Estimated, Is.EqualTo(cost.ComputeSeconds * 0.0005).Within(1e-9));
            Assert.That(cost.PerThousandPages, Is.EqualTo(cost.Estimated / (textLayer + ocr) * 1000).Within(1e-6));
        });
    }
}
