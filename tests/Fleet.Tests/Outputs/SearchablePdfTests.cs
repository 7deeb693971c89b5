using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.EndToEnd;
using Fleet.Tests.Support;

namespace Fleet.Tests.Outputs;

/// <summary>
/// &lt;name&gt;.pdf as other tools read it: poppler's pdftotext finds the OCR'd words where Fleet's JSON puts them,
/// qpdf finds no error, and pages read from their text layer keep their content byte for byte.
/// </summary>
public sealed partial class SearchablePdfTests : EmbeddedFleetFixture
{
    private static readonly string[] TextPage = ["This first page has a real text layer.", "It is kept exactly as it came."];
    private static readonly string[] ScannedPage = ["Invoice 2024-117 from Northwind Traders.", "Total due by March: 1,250.00 EUR.", "Thank you for your business."];

    private static readonly ProcessingOptions AllOutputs = new(Dpi: 200, Outputs: OutputFormats.Txt | OutputFormats.Json | OutputFormats.Pdf);

    [Test]
    public async Task A_scanned_page_gets_an_invisible_text_layer_that_pdftotext_reads_on_fleets_boxes()
    {
        AddInput("mixed.pdf", TestPdfs.BornDigitalThenScanned(TextPage, ScannedPage, dpi: 200));
        var input = Path.Combine(Input.FullName, "mixed.pdf");

        var manifest = await RunBatch(AllOutputs);

        var entry = manifest.Documents.Single();
        Assert.That(entry.Status, Is.EqualTo(DocumentStatus.Succeeded), entry.Reason);
        Assert.That((entry.Pages.TextLayer, entry.Pages.Ocr), Is.EqualTo((1, 1)));
        Assert.That(entry.Outputs.Select(o => Path.GetFileName(o.Key)), Is.EquivalentTo(new[] { "mixed.txt", "mixed.json", "mixed.pdf" }));
        var pdf = Path.Combine(Output.FullName, "mixed.pdf");
        var ocrPage = OutputJson("mixed.json").Pages.Single(p => p.Source == PageSource.Ocr);
        var words = ocrPage.Lines.SelectMany(l => l.Words).ToList();
        Assert.That(words, Has.Count.GreaterThan(10));

        // qpdf warns about PDFsharp's image streams in the input itself; the output may add no warning and no error.
        var (check, checkOut, checkErr) = ExternalTool.Run("qpdf", "--check", pdf);
        var (_, _, inputErr) = ExternalTool.Run("qpdf", "--check", input);
        Assert.That(check, Is.Not.EqualTo(2), checkOut + checkErr);
        Assert.That(checkOut + checkErr, Does.Not.Contain("ERROR"));
        Assert.That(Warnings(checkErr, pdf), Is.SubsetOf(Warnings(inputErr, input)), checkErr);

        var (_, text, _) = ExternalTool.Run("pdftotext", "-f", "2", "-l", "2", "-layout", pdf, "-");
        Assert.That(Words(text), Is.EqualTo(words.Select(w => w.Text)), "pdftotext reads the OCR'd words, in order");

        var (_, bbox, _) = ExternalTool.Run("pdftotext", "-f", "2", "-l", "2", "-bbox", pdf, "-");
        var placed = BboxWords(bbox);
        Assert.That(placed.Select(p => p.Text), Is.EqualTo(words.Select(w => w.Text)));
        for (var i = 0; i < words.Count; i++)
        {
            var (box, found) = (words[i].Box, placed[i].Box);
            Assert.That(new[] { found.X - box.X, found.Y - box.Y, found.Right - box.Right, found.Bottom - box.Bottom }.Select(Math.Abs),
                Has.All.LessThanOrEqualTo(2.0), $"word '{words[i].Text}': Fleet {box}, pdftotext {found}");
        }

        // The input is kept whole (the text layer is an incremental update after it) and page 1's content is untouched.
        var original = File.ReadAllBytes(input);
        var written = File.ReadAllBytes(pdf);
        Assert.That(written.AsSpan(0, original.Length).SequenceEqual(original), Is.True, "the input's bytes come first, unchanged");
        Assert.That(PageContent(pdf, 1), Is.EqualTo(PageContent(input, 1)));
        Assert.That(PageContent(pdf, 2), Does.StartWith("q\n" + PageContent(input, 2)), "the scan's own content is kept, the text layer follows");
        var (_, firstPage, _) = ExternalTool.Run("pdftotext", "-f", "1", "-l", "1", pdf, "-");
        Assert.That(firstPage, Does.Contain(TextPage[0]));
    }

    [Test]
    public async Task A_born_digital_document_is_written_back_as_it_came()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(TextPage));
        var input = Path.Combine(Input.FullName, "letter.pdf");

        var manifest = await RunBatch(AllOutputs);

        Assert.That(manifest.Documents.Single().Outputs.Select(o => Path.GetFileName(o.Key)), Does.Contain("letter.pdf"));
        Assert.That(File.ReadAllBytes(Path.Combine(Output.FullName, "letter.pdf")), Is.EqualTo(File.ReadAllBytes(input)));
    }

    /// <summary>The decoded content streams of a page, joined, as qpdf reads them.</summary>
    private static string PageContent(string pdf, int page)
    {
        var (_, pages, _) = ExternalTool.Run("qpdf", "--show-pages", pdf);
        var section = pages.Split("page ", StringSplitOptions.RemoveEmptyEntries)
            .Single(s => s.StartsWith($"{page}:", StringComparison.Ordinal));
        var contents = ContentReference().Matches(section[section.IndexOf("content:", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value);
        return string.Concat(contents.Select(id => ExternalTool.Run("qpdf", $"--show-object={id}", "--filtered-stream-data", pdf).Stdout));
    }

    private static string[] Warnings(string stderr, string path) =>
        stderr.Replace(path, "FILE", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).ToArray();

    private static IEnumerable<string> Words(string text) => text.Split((char[])[' ', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The words of pdftotext -bbox's XHTML, with their boxes in points, top-left origin.</summary>
    private static List<(string Text, Box Box)> BboxWords(string xhtml)
    {
        var document = XDocument.Parse(xhtml[xhtml.IndexOf("<html", StringComparison.Ordinal)..]);
        return document.Descendants().Where(e => e.Name.LocalName == "word").Select(w =>
        {
            double Get(string name) => double.Parse(w.Attribute(name)!.Value, CultureInfo.InvariantCulture);
            return (w.Value, new Box(Get("xMin"), Get("yMin"), Get("xMax") - Get("xMin"), Get("yMax") - Get("yMin")));
        }).ToList();
    }

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex ContentReference();
}
