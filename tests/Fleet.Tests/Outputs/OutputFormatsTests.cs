using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;
using Fleet.Tests.Support;

namespace Fleet.Tests.Outputs;

/// <summary>
/// &lt;name&gt;.hocr and &lt;name&gt;.alto.xml parsed as XML and held against &lt;name&gt;.json; the JSON's own size;
/// chunk intermediates gone once a document is assembled.
/// </summary>
public sealed class OutputFormatsTests : EmbeddedFleetFixture
{
    private static readonly string[] Prose =
    [
        "Fleet turns buckets of documents into text at scale. A user drops files into an input",
        "bucket, and Fleet splits every document into page chunks, reads the chunks in parallel",
        "on a pool of workers, and reassembles each result into an output bucket with a manifest.",
        "Pages that carry a usable text layer are read from it directly; the others are rendered",
        "and recognised, and every word keeps its box and its confidence for later review.",
    ];

    private static readonly ProcessingOptions Everything = new(Dpi: 200,
        Outputs: OutputFormats.Txt | OutputFormats.Json | OutputFormats.Hocr | OutputFormats.Alto);

    [Test]
    public async Task Hocr_and_alto_hold_the_same_pages_lines_words_boxes_and_confidences_as_the_json()
    {
        AddInput("mixed.pdf", TestPdfs.BornDigitalThenScanned(Prose[..3], Prose[2..], dpi: 200));

        var manifest = await RunBatch(Everything);

        Assert.That(manifest.Documents.Single().Outputs.Select(o => Path.GetFileName(o.Key)),
            Is.EquivalentTo(new[] { "mixed.txt", "mixed.json", "mixed.hocr", "mixed.alto.xml" }));
        var json = OutputJson("mixed.json");
        Assert.That(json.Pages.Select(p => p.Source), Is.EqualTo(new[] { PageSource.TextLayer, PageSource.Ocr }));
        var expectedWords = json.Pages.SelectMany(p => p.Lines.SelectMany(l => l.Words.Select(w => (p.Number, w)))).ToList();

        var hocr = XDocument.Load(Path.Combine(Output.FullName, "mixed.hocr"));
        XNamespace x = "http://www.w3.org/1999/xhtml";
        var meta = hocr.Descendants(x + "meta").ToDictionary(m => (string)m.Attribute("name")!, m => (string)m.Attribute("content")!);
        Assert.That(meta["ocr-system"], Does.Contain("PP-OCRv4"));
        Assert.That(meta["ocr-capabilities"].Split(' '), Is.SupersetOf(new[] { "ocr_page", "ocr_line", "ocrx_word" }));
        var hocrPages = hocr.Descendants(x + "div").Where(d => (string?)d.Attribute("class") == "ocr_page").ToList();
        Assert.That(hocrPages, Has.Count.EqualTo(2));
        Assert.That(Title(hocrPages[0], "bbox"), Is.EqualTo("0 0 2550 3300"), "a Letter page at 300 pixels per inch");
        var hocrLines = hocrPages.Select(p => p.Descendants(x + "span").Count(s => (string?)s.Attribute("class") == "ocr_line"));
        Assert.That(hocrLines, Is.EqualTo(json.Pages.Select(p => p.Lines.Count)));
        var hocrWords = hocrPages.SelectMany((p, i) => p.Descendants(x + "span").Where(s => (string?)s.Attribute("class") == "ocrx_word")
            .Select(s => (Page: i + 1, Word: s))).ToList();
        Assert.That(hocrWords.Select(w => (w.Page, w.Word.Value)), Is.EqualTo(expectedWords.Select(e => (e.Number, e.w.Text))));
        for (var i = 0; i < expectedWords.Count; i++)
        {
            var box = expectedWords[i].w.Box;
            var pixels = Title(hocrWords[i].Word, "bbox").Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture) * 72 / 300).ToArray();
            Assert.That(new[] { pixels[0] - box.X, pixels[1] - box.Y, pixels[2] - box.Right, pixels[3] - box.Bottom }.Select(Math.Abs),
                Has.All.LessThanOrEqualTo(0.13), $"hOCR box of '{expectedWords[i].w.Text}'");
            Assert.That(int.Parse(Title(hocrWords[i].Word, "x_wconf"), CultureInfo.InvariantCulture),
                Is.EqualTo((int)Math.Round(expectedWords[i].w.Confidence * 100)));
        }

        var alto = XDocument.Load(Path.Combine(Output.FullName, "mixed.alto.xml"));
        XNamespace a = "http://www.loc.gov/standards/alto/ns-v4#";
        Assert.That(alto.Root!.Name, Is.EqualTo(a + "alto"));
        Assert.That(alto.Descendants(a + "MeasurementUnit").Single().Value, Is.EqualTo("inch1200"));
        var altoPages = alto.Descendants(a + "Page").ToList();
        Assert.That(altoPages.Select(p => Number(p, "WIDTH") / 1200 * 72), Is.EqualTo(json.Pages.Select(p => p.Width)).Within(0.01));
        Assert.That(altoPages.Select(p => p.Descendants(a + "TextLine").Count()), Is.EqualTo(json.Pages.Select(p => p.Lines.Count)));
        var strings = altoPages.SelectMany((p, i) => p.Descendants(a + "String").Select(s => (Page: i + 1, String: s))).ToList();
        Assert.That(strings.Select(s => (s.Page, (string)s.String.Attribute("CONTENT")!)), Is.EqualTo(expectedWords.Select(e => (e.Number, e.w.Text))));
        for (var i = 0; i < expectedWords.Count; i++)
        {
            var (box, s) = (expectedWords[i].w.Box, strings[i].String);
            double Points(string name) => Number(s, name) / 1200 * 72;
            Assert.That(new[] { Points("HPOS") - box.X, Points("VPOS") - box.Y, Points("WIDTH") - box.Width, Points("HEIGHT") - box.Height }.Select(Math.Abs),
                Has.All.LessThanOrEqualTo(0.01), $"ALTO box of '{expectedWords[i].w.Text}'");
            Assert.That(Number(s, "WC"), Is.EqualTo(expectedWords[i].w.Confidence).Within(0.0001));
        }
        var firstLine = altoPages[1].Descendants(a + "TextLine").First();
        Assert.That(firstLine.Elements().Select(e => e.Name.LocalName), Is.EqualTo(
            Enumerable.Range(0, firstLine.Elements(a + "String").Count()).SelectMany(i => i == 0 ? ["String"] : new[] { "SP", "String" })),
            "an SP between words");
    }

    [Test]
    public async Task The_json_is_compact_about_12_times_the_text_and_the_chunk_results_are_deleted()
    {
        // Five pages: two born-digital, three scanned (OCR), in one document.
        AddInput("report.pdf", TestPdfs.BornDigital(Prose, Prose.Reverse().ToArray()));
        AddInput("scan.pdf", TestPdfs.Scanned(200, Prose, Prose[1..], Prose[..4]));

        var manifest = await RunBatch(new ProcessingOptions(Dpi: 200, ChunkPages: 1));

        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(5, 2, 3, 0)));
        // An OCR'd word carries its own confidence (4 decimals) where a text-layer word has none, so its pages run larger.
        foreach (var (name, bound) in new[] { ("report", 12.0), ("scan", 15.0) })
        {
            var json = File.ReadAllBytes(Path.Combine(Output.FullName, name + ".json"));
            var text = new FileInfo(Path.Combine(Output.FullName, name + ".txt")).Length;
            var ratio = (double)json.Length / text;
            TestContext.Out.WriteLine($"{name}: {json.Length} bytes of JSON for {text} bytes of text: {ratio:0.0}x");
            Assert.That(ratio, Is.LessThanOrEqualTo(bound), $"{name}.json is {ratio:0.0}x its text");
            var written = Encoding.UTF8.GetString(json);
            Assert.That(written, Does.Not.Contain("\"right\"").And.Not.Contain("\"bottom\"").And.Not.Contain("\"centerY\"").And.Not.Contain("\n"));
            Assert.That(OutputJson(name + ".json").Pages.Select(p => p.Lines.Count), Has.All.GreaterThan(0), "what is written reads back");
        }

        var chunks = new DirectoryInfo(Path.Combine(Output.FullName, "runs", manifest.BatchId.ToString(), "chunks"));
        Assert.That(chunks.Exists, Is.False, "chunk results are deleted once their document is assembled");
    }

    private static string Title(XElement element, string property) =>
        ((string)element.Attribute("title")!).Split(';').Select(p => p.Trim())
            .Single(p => p.StartsWith(property + " ", StringComparison.Ordinal))[(property.Length + 1)..];

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
