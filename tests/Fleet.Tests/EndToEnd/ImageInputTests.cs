using System.Text.RegularExpressions;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.Outputs;
using Fleet.Tests.Support;

namespace Fleet.Tests.EndToEnd;

/// <summary>
/// Images as documents in an embedded run: PNG, JPEG (turned by its EXIF orientation), multi-page CCITT G4 and LZW TIFF,
/// WebP, each page OCR'd at the resolution the file states (or an estimated one), written in every output format; and
/// the broken ones, each failing with its reason.
/// </summary>
public sealed partial class ImageInputTests : EmbeddedFleetFixture
{
    private static readonly string[] Receipt = ["Receipt number 4711 from the corner shop.", "Two coffees and one croissant."];
    private static readonly string[] Photo = ["A photo of a page taken sideways.", "The camera tagged it orientation six."];
    private static readonly string[] FaxOne = ["Fax page one: please call us back.", "Our number is 555 0199."];
    private static readonly string[] FaxTwo = ["Fax page two: the signed contract.", "Thank you for your business."];
    private static readonly string[] Archive = ["An archived letter scanned to TIFF.", "It was compressed with LZW."];
    private static readonly string[] Screen = ["A screenshot saved as WebP.", "It states no resolution at all."];

    [Test]
    public async Task Images_of_every_kind_are_ocrd_upright_at_their_resolution_into_every_output()
    {
        using var receipt = TestImages.Page(Receipt, 200);
        using var photo = TestImages.Page(Photo, 200);
        using var sideways = TestImages.StoredForOrientation6(photo);
        using var faxOne = TestImages.Page(FaxOne, 200);
        using var faxTwo = TestImages.Page(FaxTwo, 200);
        using var archive = TestImages.Page(Archive, 300);
        using var screen = TestImages.Page(Screen, 150);
        AddInput("receipt.png", TestImages.Png(receipt, dpi: 200));
        AddInput("photo.jpg", TestImages.Jpeg(sideways, orientation: 6, dpi: 200));
        AddInput("fax.tif", TestImages.TiffG4([faxOne, faxTwo], 200));
        AddInput("archive.tiff", TestImages.TiffLzw([archive], 300));
        AddInput("screen.webp", TestImages.WebP(screen));

        var manifest = await RunBatch(new ProcessingOptions(
            Outputs: OutputFormats.Txt | OutputFormats.Json | OutputFormats.Pdf | OutputFormats.Hocr | OutputFormats.Alto));

        Assert.That(manifest.Documents.Where(d => d.Status != DocumentStatus.Succeeded).Select(d => $"{d.Key}: {d.Reason}"), Is.Empty);
        Assert.That(manifest.Totals.Documents, Is.EqualTo(5));
        Assert.That(manifest.Totals.Pages, Is.EqualTo(new PageCounts(6, 0, 6, 0)), "every image page is OCR'd: there is no text layer");
        var byKey = manifest.Documents.ToDictionary(d => d.Key);
        Assert.That(byKey["fax.tif"].Pages, Is.EqualTo(new PageCounts(2, 0, 2, 0)), "a TIFF page is a page");

        AssertRead("receipt", Receipt);
        AssertRead("photo", Photo);
        AssertRead("archive", Archive);
        AssertRead("screen", Screen);
        var fax = OutputText("fax.txt").Split("\n\f")[..^1];
        Assert.That(fax, Has.Length.EqualTo(2));
        AssertClose(FaxOne, fax[0], "fax page 1");
        AssertClose(FaxTwo, fax[1], "fax page 2");

        // 7 x 3 inches as stated (pHYs, EXIF, TIFF tags); the photo upright, so 7 inches wide after orientation 6.
        foreach (var name in new[] { "receipt", "photo", "fax", "archive" })
        {
            var page = OutputJson(name + ".json").Pages[0];
            Assert.That((page.Width, page.Height), Is.EqualTo((504.0, 216.0)).Using<(double, double)>((a, b) =>
                Math.Abs(a.Item1 - b.Item1) < 1 && Math.Abs(a.Item2 - b.Item2) < 1), name);
            Assert.That(page.Source, Is.EqualTo(PageSource.Ocr));
            Assert.That(page.Lines[0].Box.X, Is.InRange(30, 42), $"{name}: the first line starts at the half-inch margin (36 pt)");
        }
        // WebP states no resolution and 1050 x 450 is no paper's shape: its pixels are taken at the batch's 300 DPI.
        var screenPage = OutputJson("screen.json").Pages[0];
        Assert.That(screenPage.Width, Is.EqualTo(1050 * 72 / 300.0).Within(1));

        // The searchable PDF of an image is a PDF of the image whose invisible text another reader finds.
        foreach (var name in new[] { "receipt", "photo", "fax" })
        {
            var (exit, text, stderr) = ExternalTool.Run("pdftotext", Path.Combine(Output.FullName, name + ".pdf"), "-");
            Assert.That(exit, Is.Zero, stderr);
            Assert.That(text, Does.Contain(name == "photo" ? "sideways" : name == "fax" ? "contract" : "croissant"), name);
        }
        var (pages, info, _) = ExternalTool.Run("pdfinfo", Path.Combine(Output.FullName, "fax.pdf"));
        Assert.That(pages, Is.Zero);
        Assert.That(PagesLine().Match(info).Groups[1].Value, Is.EqualTo("2"));
        Assert.That(File.ReadAllText(Path.Combine(Output.FullName, "receipt.hocr")), Does.Contain("croissant"));
        Assert.That(File.ReadAllText(Path.Combine(Output.FullName, "archive.alto.xml")), Does.Contain("LZW"));
    }

    [Test]
    public async Task Broken_truncated_and_oversized_images_fail_with_their_reasons_and_the_batch_ends()
    {
        using var page = TestImages.Page(Receipt, 150);
        AddInput("cut.png", TestImages.Truncated(TestImages.Png(page)));
        AddInput("cut.jpg", TestImages.Truncated(TestImages.Jpeg(page, orientation: 1)));
        AddInput("cut.tif", TestImages.Truncated(TestImages.TiffG4([page], 150)));
        AddInput("bomb.png", TestImages.PngBomb(100_000, 100_000));
        AddInput("fake.webp", "RIFF, but only in name: this is a text file."u8.ToArray());

        var manifest = await RunBatch(new ProcessingOptions());

        var reasons = manifest.Documents.ToDictionary(d => d.Key, d => d.Reason);
        TestContext.Out.WriteLine(string.Join('\n', reasons.Select(r => $"{r.Key}: {r.Value}")));
        Assert.That(manifest.Totals.Failed, Is.EqualTo(5));
        Assert.That(reasons["cut.png"], Does.Contain("damaged image").And.Contain("PNG"));
        Assert.That(reasons["cut.jpg"], Does.Contain("damaged image").And.Contain("JPEG"));
        Assert.That(reasons["cut.tif"], Does.Contain("damaged image").And.Not.Contain("fleet-documents"), "no local path of the worker in a reason");
        Assert.That(reasons["bomb.png"], Does.Contain("100000x100000").And.Contain("over the limit").And.Contain("MaxPagePixels"));
        Assert.That(reasons["fake.webp"], Does.StartWith("not a PDF or an image"));
    }

    [Test]
    public async Task Text_mode_leaves_an_image_unread_and_an_image_of_paper_proportions_gets_that_papers_resolution()
    {
        // Letter at 150 DPI with no stated resolution: 1275 x 1650 is Letter's shape, so it is taken as a Letter page.
        using var letter = TestImages.Page(Receipt, 150, widthInches: 8.5, heightInches: 11);
        AddInput("letter.png", TestImages.Png(letter));

        var manifest = await RunBatch(new ProcessingOptions(Mode: ProcessingMode.Text));

        Assert.That(manifest.Documents.Single().Pages, Is.EqualTo(new PageCounts(1, 1, 0, 0)));
        Assert.That(OutputText("letter.txt").Trim(), Is.Empty, "an image has no text layer, and mode text never OCRs");
        var result = OutputJson("letter.json").Pages[0];
        Assert.That((result.Width, result.Height), Is.EqualTo((612.0, 792.0)));
    }

    private void AssertRead(string name, string[] expected) => AssertClose(expected, OutputText(name + ".txt"), name);

    private static void AssertClose(string[] expected, string actual, string what)
    {
        var cer = CharacterErrorRate.Compute(string.Join('\n', expected), actual.TrimEnd('\f', '\n'));
        TestContext.Out.WriteLine($"{what}: CER {cer:P2}");
        Assert.That(cer, Is.LessThan(0.05), $"{what}: {actual}");
    }

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
