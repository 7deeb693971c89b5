using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Storage;
using Fleet.Tests.Support;
using Fleet.Worker;
using Fleet.Worker.Chunks;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.EndToEnd;

/// <summary>A user's view of one run: the text, JSON and manifest that land in the output folder.</summary>
public sealed class EmbeddedRunTests : EmbeddedFleetFixture
{
    private static readonly string[] PageOne =
    [
        "Fleet turns folders of PDF files into searchable text.",
        "Each page is read from its text layer when that layer is good,",
        "and rendered and recognised by the OCR engine when it is not.",
        "The quick brown fox jumps over the lazy dog 1234567890.",
    ];

    private static readonly string[] PageTwo =
    [
        "Invoices, contracts and letters arrive every morning.",
        "Operators watch the queue depth and the failure counts.",
    ];

    private static readonly string[] ScannedPage =
    [
        "Scanned pages have no text layer at all, only pixels.",
        "The detector finds each line of print on the page image,",
        "and the recogniser reads the characters in every line.",
        "Accuracy on clean print should stay well above ninety percent.",
        "Order number 48213 was shipped on 12 March 2024.",
    ];

    [Test]
    public async Task Mixed_folder_yields_text_for_good_pdfs_and_clear_reasons_for_bad_ones()
    {
        AddInput("born-digital.pdf", TestPdfs.BornDigital(PageOne, PageTwo));
        AddInput("scanned.pdf", TestPdfs.Scanned(300, ScannedPage));
        AddInput("broken.pdf", TestPdfs.Truncated());
        AddInput("notes.pdf", TestPdfs.NotAPdf());

        var manifest = await RunBatch(new ProcessingOptions());

        Assert.That(manifest.Totals.Documents, Is.EqualTo(4));
        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(2));
        Assert.That(manifest.Totals.Failed, Is.EqualTo(2));
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["notes.pdf"].Reason, Does.StartWith("not a PDF"));
        Assert.That(byKey["broken.pdf"].Status, Is.EqualTo(DocumentStatus.Failed));
        Assert.That(byKey["broken.pdf"].Reason, Is.Not.Empty);

        var bornDigital = byKey["born-digital.pdf"];
        Assert.That(bornDigital.Pages, Is.EqualTo(new PageCounts(2, 2, 0, 0)));
        var bornText = OutputText("born-digital.txt");
        Assert.That(bornText, Is.EqualTo(string.Join('\n', PageOne) + "\n\f" + string.Join('\n', PageTwo) + "\n\f"));

        var scanned = byKey["scanned.pdf"];
        Assert.That(scanned.Pages, Is.EqualTo(new PageCounts(1, 0, 1, 0)));
        var cer = CharacterErrorRate.Compute(string.Join('\n', ScannedPage), OutputText("scanned.txt"));
        TestContext.Out.WriteLine($"scanned page CER: {cer:P2}");
        Assert.That(cer, Is.LessThan(0.02));
    }

    [Test]
    public async Task Result_json_has_pages_lines_and_words_with_boxes_in_points_and_sources()
    {
        AddInput("born-digital.pdf", TestPdfs.BornDigital(PageOne));
        AddInput("scanned.pdf", TestPdfs.Scanned(300, ScannedPage));

        await RunBatch(new ProcessingOptions());

        foreach (var (name, source) in new[] { ("born-digital", PageSource.TextLayer), ("scanned", PageSource.Ocr) })
        {
            var result = OutputJson(name + ".json");
            Assert.That(result.PageCount, Is.EqualTo(1));
            var page = result.Pages[0];
            Assert.That(page.Source, Is.EqualTo(source));
            Assert.That(page.Width, Is.EqualTo(612).Within(0.5));
            Assert.That(page.Height, Is.EqualTo(792).Within(0.5));
            Assert.That(page.Lines, Has.Count.EqualTo(source == PageSource.Ocr ? ScannedPage.Length : PageOne.Length));
            foreach (var line in page.Lines)
            {
                Assert.That(line.Words, Is.Not.Empty);
                Assert.That(line.Confidence, Is.InRange(0.5, 1.0));
                Assert.That(line.Box.X, Is.InRange(60, 80), "lines start near the 1-inch margin");
                Assert.That(line.Box.Right, Is.LessThanOrEqualTo(page.Width));
                Assert.That(line.Box.Bottom, Is.LessThanOrEqualTo(page.Height));
                foreach (var word in line.Words)
                    Assert.That(word.Box.X, Is.InRange(line.Box.X - 2, line.Box.Right + 2));
            }
            Assert.That(page.Lines.Select(l => l.Box.Y), Is.Ordered, "lines come top to bottom");
        }
    }

    [Test]
    public async Task Manifest_records_checksums_that_match_the_written_outputs()
    {
        var pdf = TestPdfs.BornDigital(PageOne);
        AddInput("letter.pdf", pdf);

        var manifest = await RunBatch(new ProcessingOptions());

        var entry = manifest.Documents.Single();
        Assert.That(entry.Sha256, Is.EqualTo(ObjectStoreExtensions.Sha256Hex(pdf)));
        Assert.That(entry.SizeBytes, Is.EqualTo(pdf.Length));
        Assert.That(entry.Outputs.Select(o => o.Key), Is.EquivalentTo(new[] { "letter.json", "letter.txt" }));
        foreach (var output in entry.Outputs)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Output.FullName, output.Key));
            Assert.That(output.Sha256, Is.EqualTo(ObjectStoreExtensions.Sha256Hex(bytes)), output.Key);
            Assert.That(output.Bytes, Is.EqualTo(bytes.Length), output.Key);
        }
        Assert.That(manifest.FleetVersion, Is.Not.Empty);
        Assert.That(manifest.Engines, Is.EqualTo(new[] { PageChunkProcessor.TextLayerEngine }));
        Assert.That(File.Exists(Path.Combine(Output.FullName, RunKeys.Manifest("", manifest.BatchId))));
    }

    [Test]
    public async Task Ocr_mode_recognises_born_digital_pages_and_text_mode_never_ocrs_a_scan()
    {
        AddInput("born-digital.pdf", TestPdfs.BornDigital(PageTwo));
        AddInput("scanned.pdf", TestPdfs.Scanned(300, ScannedPage));

        var forced = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Ocr));
        Assert.That(forced.Totals.Pages, Is.EqualTo(new PageCounts(2, 0, 2, 0)));
        Assert.That(CharacterErrorRate.Compute(string.Join('\n', PageTwo), OutputText("born-digital.txt")), Is.LessThan(0.02));

        var textOnly = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));
        Assert.That(textOnly.Totals.Pages, Is.EqualTo(new PageCounts(2, 2, 0, 0)));
        Assert.That(OutputText("scanned.txt").Trim(), Is.Empty, "a scan has no text layer to read");
    }

    [Test]
    public async Task A_short_born_digital_document_is_finished_at_inspection_and_leaves_no_chunk_objects()
    {
        var letter = TestPdfs.BornDigital(PageOne, PageTwo);
        AddInput("letter.pdf", letter);
        AddInput("letter~copy.pdf", letter);

        var manifest = await RunBatch(new ProcessingOptions(ChunkPages: 1));

        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["letter.pdf"].Pages, Is.EqualTo(new PageCounts(2, 2, 0, 0)));
        Assert.That(OutputText("letter.txt"), Is.EqualTo(string.Join('\n', PageOne) + "\n\f" + string.Join('\n', PageTwo) + "\n\f"));
        Assert.That(ChunkObjects(manifest.BatchId), Is.Empty, "read whole by the inspecting worker, no page chunks");
        Assert.That(byKey["letter~copy.pdf"].Reused, Is.True, "a result read inline is stored for reuse like any other");
        Assert.That(OutputText("letter~copy.txt"), Is.EqualTo(OutputText("letter.txt")));
    }

    [Test]
    public async Task A_document_with_a_page_that_needs_ocr_goes_the_chunked_way_with_every_page()
    {
        AddInput("mixed.pdf", TestPdfs.BornDigitalThenScanned(PageTwo, ScannedPage));

        var manifest = await RunBatch(new ProcessingOptions(ChunkPages: 1));

        Assert.That(manifest.Documents.Single().Pages, Is.EqualTo(new PageCounts(2, 1, 1, 0)));
        var pages = OutputText("mixed.txt").Split("\n\f")[..^1];
        Assert.That(pages[0], Is.EqualTo(string.Join('\n', PageTwo)));
        Assert.That(CharacterErrorRate.Compute(string.Join('\n', ScannedPage), pages[1]), Is.LessThan(0.02));
        // Its two chunk results were written and, once the document was assembled, deleted (Fleet:Worker:KeepChunkResults).
        Assert.That(ChunkObjects(manifest.BatchId), Is.Empty);
    }

    [Test]
    public async Task An_empty_folder_still_gets_a_manifest()
    {
        var manifest = await RunBatch(new ProcessingOptions());

        Assert.That(manifest.Totals.Documents, Is.Zero);
        Assert.That(manifest.Documents, Is.Empty);
    }

    private string[] ChunkObjects(Guid batchId)
    {
        var chunks = Path.Combine(Output.FullName, "runs", batchId.ToString(), "chunks");
        return Directory.Exists(chunks) ? Directory.GetFiles(chunks, "*", SearchOption.AllDirectories) : [];
    }
}

/// <summary>The chunked way for every document (inline reading off), as documents with OCR pages always go.</summary>
public sealed class ChunkedRunTests : EmbeddedFleetFixture
{
    protected override void Configure(IServiceCollection services) =>
        services.Configure<WorkerOptions>(o => o.InlineTextLayerPages = 0);

    [Test]
    public async Task A_document_larger_than_one_chunk_comes_back_in_page_order()
    {
        var pages = Enumerable.Range(1, 7).Select(n => new[] { $"This is page number {n} of the long report." }).ToArray();
        AddInput("long.pdf", TestPdfs.BornDigital(pages));

        var manifest = await RunBatch(new ProcessingOptions(ChunkPages: 2));

        Assert.That(manifest.Documents.Single().Pages.Total, Is.EqualTo(7));
        var text = OutputText("long.txt").Split("\n\f")[..^1];
        Assert.That(text, Is.EqualTo(pages.Select(p => p[0]).ToArray()));
    }
}
