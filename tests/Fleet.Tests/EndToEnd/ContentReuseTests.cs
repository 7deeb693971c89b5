using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;
using Fleet.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.EndToEnd;

/// <summary>Files with the same bytes are processed once: in one batch, and across batches into the same output.</summary>
public sealed class ContentReuseTests : EmbeddedFleetFixture
{
    // Processing is proven by the chunk objects a document leaves, so every document here goes the chunked way (a
    // result read inline at inspection is reused the same way: see EmbeddedRunTests) and its chunk results are kept.
    protected override void Configure(IServiceCollection services) =>
        services.Configure<WorkerOptions>(o => (o.InlineTextLayerPages, o.KeepChunkResults) = (0, true));

    private static readonly byte[] Report = TestPdfs.BornDigital(["Quarterly report, page one.", "Revenue rose by four percent."]);
    private static readonly byte[] Letter = TestPdfs.BornDigital(["Dear customer, your order has shipped."]);

    [Test]
    public async Task The_same_file_twice_in_a_batch_is_processed_once_and_both_get_the_text()
    {
        AddInput("a-report.pdf", Report);
        AddInput("b-copy-of-report.pdf", Report);
        AddInput("c-letter.pdf", Letter);

        var manifest = await RunBatch(new ProcessingOptions());

        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(3));
        Assert.That(manifest.Totals.Reused, Is.EqualTo(1));
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["a-report.pdf"].Reused, Is.False);
        Assert.That(byKey["b-copy-of-report.pdf"].Reused, Is.True);
        Assert.That(byKey["b-copy-of-report.pdf"].Pages, Is.EqualTo(byKey["a-report.pdf"].Pages));
        Assert.That(OutputText("b-copy-of-report.txt"), Is.EqualTo(OutputText("a-report.txt")));
        Assert.That(OutputText("a-report.txt"), Does.StartWith("Quarterly report, page one."));
        Assert.That(OutputJson("b-copy-of-report.json").Source, Is.EqualTo("b-copy-of-report.pdf"));
        Assert.That(ProcessedDocuments(manifest), Is.EqualTo(2), "documents whose pages were processed");
    }

    [Test]
    public async Task A_file_seen_in_an_earlier_batch_reuses_its_result_unless_a_rerun_is_asked_for()
    {
        AddInput("report.pdf", Report);
        var first = await RunBatch(new ProcessingOptions());
        AddInput("report-again.pdf", Report);

        var second = await RunBatch(new ProcessingOptions());
        var rerun = await RunBatch(new ProcessingOptions(Rerun: true));
        var otherDpi = await RunBatch(new ProcessingOptions(Dpi: 150, Mode: ProcessingMode.Ocr));

        Assert.That(first.Totals.Reused, Is.EqualTo(0));
        Assert.That(second.Documents.Select(d => d.Reused), Is.EqualTo(new[] { true, true }));
        Assert.That(ProcessedDocuments(second), Is.EqualTo(0));
        Assert.That(OutputText("report-again.txt"), Is.EqualTo(OutputText("report.txt")));
        // A rerun processes the file again, once: the second copy in that batch reuses the fresh result.
        Assert.That(rerun.Totals.Reused, Is.EqualTo(1));
        Assert.That(ProcessedDocuments(rerun), Is.EqualTo(1));
        // Another DPI or mode is another result.
        Assert.That(otherDpi.Totals.Reused, Is.EqualTo(1));
        Assert.That(ProcessedDocuments(otherDpi), Is.EqualTo(1));
    }

    [Test]
    public async Task A_damaged_stored_result_is_not_reused_but_replaced()
    {
        AddInput("report.pdf", Report);
        var first = await RunBatch(new ProcessingOptions());
        var stored = Path.Combine(Output.FullName, "results", first.Documents.Single().Sha256!, "auto-300dpi.json");
        Assert.That(File.Exists(stored), Is.True, "the result is stored by content");
        File.WriteAllText(stored, "{ \"batchId\": ");

        var second = await RunBatch(new ProcessingOptions());

        Assert.That(second.Documents.Single().Status, Is.EqualTo(DocumentStatus.Succeeded));
        Assert.That(second.Documents.Single().Reused, Is.False);
        Assert.That(ProcessedDocuments(second), Is.EqualTo(1));
        Assert.That(ResultJson.Deserialize<StoredResult>(File.ReadAllBytes(stored)).BatchId, Is.EqualTo(second.BatchId));
    }

    [Test]
    public async Task A_stored_result_made_by_another_ocr_engine_is_not_reused()
    {
        AddInput("scan.pdf", TestPdfs.Scanned(200, ["Invoice 2024-117, due in March."]));
        var first = await RunBatch(new ProcessingOptions(Dpi: 200));
        var stored = Path.Combine(Output.FullName, "results", first.Documents.Single().Sha256!, "auto-200dpi.json");
        var result = ResultJson.Deserialize<StoredResult>(File.ReadAllBytes(stored));
        Assert.That(result.Engines.Single(), Does.StartWith("PP-OCRv4").And.Contain("models "), "the engine and its model files are named");
        // Another model, precision or calibration would leave another engine name; rewriting it stands in for one.
        File.WriteAllBytes(stored, ResultJson.Serialize(result with { Engines = ["PP-OCRv4 det+rec (another model)"] }));

        var second = await RunBatch(new ProcessingOptions(Dpi: 200));

        Assert.That(second.Documents.Single().Reused, Is.False);
        Assert.That(ProcessedDocuments(second), Is.EqualTo(1));
        Assert.That(second.Documents.Single().Engines, Is.EqualTo(first.Documents.Single().Engines));
    }

    [Test]
    public async Task The_stored_result_points_at_the_documents_own_json_and_one_replaced_since_is_not_reused()
    {
        AddInput("report.pdf", Report);
        var first = await RunBatch(new ProcessingOptions());
        var stored = Path.Combine(Output.FullName, "results", first.Documents.Single().Sha256!, "auto-300dpi.json");
        var record = ResultJson.Deserialize<StoredResult>(File.ReadAllBytes(stored));
        var json = first.Documents.Single().Outputs.Single(o => o.Key.EndsWith(".json", StringComparison.Ordinal));

        Assert.That(record.Json, Is.EqualTo(json), "the record names the document's JSON and its checksum");
        Assert.That(record.Result, Is.Null, "no second copy of the result");
        Assert.That(new FileInfo(stored).Length, Is.LessThan(1024));

        // Another document's result written over report.json: the record no longer stands for it.
        File.WriteAllBytes(Path.Combine(Output.FullName, "report.json"),
            ResultJson.Serialize(OutputJson("report.json") with { Pages = [] }));
        var second = await RunBatch(new ProcessingOptions());

        Assert.That(second.Documents.Single().Reused, Is.False);
        Assert.That(ProcessedDocuments(second), Is.EqualTo(1));
        Assert.That(OutputJson("report.json").Pages, Has.Count.EqualTo(1), "processed again and written whole");
    }

    /// <summary>Documents of the batch that had page chunks processed (each leaves its chunk results under runs/).</summary>
    private int ProcessedDocuments(Manifest manifest)
    {
        var chunks = new DirectoryInfo(Path.Combine(Output.FullName, "runs", manifest.BatchId.ToString(), "chunks"));
        return chunks.Exists ? chunks.GetDirectories().Length : 0;
    }
}
