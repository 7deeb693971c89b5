using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.Tests.EndToEnd;

/// <summary>Two inputs whose outputs would share a name both land, each with its own text.</summary>
public sealed class OutputNameCollisionTests : EmbeddedFleetFixture
{
    [Test]
    public async Task A_pdf_and_A_PDF_both_land_with_their_own_text()
    {
        AddInput("a.pdf", TestPdfs.BornDigital(["The lower case file speaks first."]));
        AddInput("a.PDF", TestPdfs.BornDigital(["The upper case file answers back."]));

        var manifest = await RunBatch(new ProcessingOptions());

        Assert.That(manifest.Totals.Succeeded, Is.EqualTo(2));
        var texts = manifest.Documents.ToDictionary(d => d.Key, d => OutputText(d.Outputs.Single(o => o.Key.EndsWith(".txt", StringComparison.Ordinal)).Key));
        Assert.That(texts["a.pdf"], Is.EqualTo("The lower case file speaks first.\n\f"));
        Assert.That(texts["a.PDF"], Is.EqualTo("The upper case file answers back.\n\f"));
        // Listed first (ordinal order puts 'P' before 'p'), a.PDF keeps the plain name.
        Assert.That(manifest.Documents.Single(d => d.Key == "a.PDF").Outputs.Select(o => o.Key), Is.EquivalentTo(new[] { "a.json", "a.txt" }));
        Assert.That(manifest.Documents.SelectMany(d => d.Outputs).Select(o => o.Key), Is.Unique);
    }
}
