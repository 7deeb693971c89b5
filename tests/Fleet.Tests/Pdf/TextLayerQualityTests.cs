using Fleet.Contracts.Results;
using Fleet.Tests.Support;
using Fleet.Engine.Pdf;

namespace Fleet.Tests.Pdf;

public class TextLayerQualityTests
{
    private static IReadOnlyList<WordResult> Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => new WordResult(t, new Box(0, 0, 10, 10), 1.0)).ToList();

    [Test]
    public void Empty_page_is_not_usable() => Assert.That(TextLayerQuality.IsUsable([]), Is.False);

    [Test]
    public void A_page_number_alone_is_not_usable() => Assert.That(TextLayerQuality.IsUsable(Words("Page 3 of 12")), Is.False);

    [Test]
    public void Normal_prose_is_usable() =>
        Assert.That(TextLayerQuality.IsUsable(Words("The invoice total is 1,234.56 USD, payable within 30 days.")), Is.True);

    [Test]
    public void Unmapped_glyphs_are_not_usable() =>
        Assert.That(TextLayerQuality.IsUsable(Words("Th\uFFFD inv\uFFFDice t\uFFFDtal is \uFFFD\uFFFD\uFFFD pay\uFFFDble")), Is.False);

    [Test]
    public void Private_use_glyphs_are_not_usable() =>
        Assert.That(TextLayerQuality.IsUsable(Words("\uE001\uE002\uE003 \uE004\uE005 some words here that look fine \uE006")), Is.False);

    [Test]
    public void Punctuation_soup_is_not_usable() =>
        Assert.That(TextLayerQuality.IsUsable(Words("!@# $%^ &*() _+{} |:<> ?~` -=[] ;',./ ab")), Is.False);

    [Test]
    public void A_single_stray_replacement_character_in_a_long_page_is_still_usable() =>
        Assert.That(TextLayerQuality.IsUsable(Words("Fleet turns buckets of PDFs into text at fleet scale, one page chunk at a time \uFFFD")), Is.True);

    [Test]
    public void Born_digital_text_layer_is_usable_and_a_scan_is_not()
    {
        using var born = TextLayerDocument.Open(TestPdfs.BornDigital(["A page of ordinary English text, long enough to count."]));
        using var scan = TextLayerDocument.Open(TestPdfs.Scanned(100, ["A page of ordinary English text, long enough to count."]));

        Assert.That(TextLayerQuality.IsUsable(born.Words(1)), Is.True);
        Assert.That(TextLayerQuality.IsUsable(scan.Words(1)), Is.False);
    }
}
