using Fleet.Tests.Support;
using Fleet.Engine.Pdf;
using SkiaSharp;

namespace Fleet.Tests.Pdf;

/// <summary>Writes the small PDFs in samples/ used by the README example. Run by hand: they are committed.</summary>
public class SamplesGenerator
{
    private static readonly string[] PageOne =
    [
        "Fleet: a short note on reading documents",
        "",
        "Every office keeps a shelf of papers that nobody can search. Some were",
        "typed on a computer and saved as PDF, so the words are already inside",
        "the file. Others were scanned, and the file holds only a picture of each",
        "page. A reader sees no difference, but a search engine sees nothing at",
        "all in the second kind.",
        "",
        "Fleet looks at each page on its own. When a page carries a good text",
        "layer, Fleet takes the words as they are, with their positions, and moves",
        "on. When it does not, Fleet draws the page as an image and asks an OCR",
        "engine to read it. Either way the result is the same: lines of text, each",
        "word with a box that says where it sits on the page.",
        "",
        "Working page by page keeps the cost honest. A thousand typed pages take",
        "a few seconds; a thousand scanned pages take as long as the recogniser",
        "needs, spread over as many workers as the operator is willing to run.",
    ];

    private static readonly string[] LeftColumn =
    [
        "Two columns are common in",
        "newsletters and papers. The",
        "text layer keeps each word's",
        "position, so Fleet can tell",
        "the columns apart and keep",
        "the reading order: down the",
        "left column first, then the",
        "right.",
    ];

    private static readonly string[] RightColumn =
    [
        "A scan of the same page has",
        "no such help. The detector",
        "finds the lines, and the",
        "order comes from where they",
        "lie on the page. This sample",
        "lets both paths be compared",
        "on identical words.",
    ];

    private static readonly string[] ScannedPage =
    [
        "This page was never typed into a PDF.",
        "It is a picture of text, as a scanner would make it,",
        "so there is no text layer to read and Fleet must use OCR.",
        "",
        "Invoice 2024-117, due on the first of March.",
        "Total amount: 1,250.00 USD.",
    ];

    [Test]
    [Explicit("writes samples/ in the repository; run by hand after changing the samples")]
    public void Regenerate_samples()
    {
        var samples = Path.Combine(RepositoryRoot(), "samples");
        Directory.CreateDirectory(samples);

        var bornDigital = Merge(TestPdfs.BornDigital(PageOne), TestPdfs.BornDigitalTwoColumns(LeftColumn, RightColumn));
        // Grayscale JPEG keeps a 300-DPI page small enough to commit; quality 85 is still clean for OCR.
        var scanned = TestPdfs.Scanned(300, SKEncodedImageFormat.Jpeg, 85, ScannedPage);
        var broken = TestPdfs.Truncated();

        File.WriteAllBytes(Path.Combine(samples, "born-digital.pdf"), bornDigital);
        File.WriteAllBytes(Path.Combine(samples, "scanned.pdf"), scanned);
        File.WriteAllBytes(Path.Combine(samples, "broken.pdf"), broken);

        using (var document = PdfiumDocument.Open(bornDigital))
        {
            Assert.That(document.PageCount, Is.EqualTo(2));
        }

        Assert.That(scanned.Length, Is.LessThan(600_000));
        Assert.That(() => PdfiumDocument.Open(broken), Throws.TypeOf<PdfRejectedException>());
        TestContext.Out.WriteLine($"born-digital {bornDigital.Length} B, scanned {scanned.Length} B, broken {broken.Length} B");
    }

    private static byte[] Merge(params byte[][] pdfs)
    {
        using var merged = new PdfSharp.Pdf.PdfDocument();
        foreach (var pdf in pdfs)
        {
            using var source = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
            foreach (var page in source.Pages)
            {
                merged.AddPage(page);
            }
        }

        using var output = new MemoryStream();
        merged.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Fleet.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
