using Fleet.Bench.Corpus;
using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

/// <summary>On Latin-script pages the recogniser's Chinese, Greek and Cyrillic classes never reach the text.</summary>
[TestFixture]
public class ScriptMaskTests
{
    [TestCase("tuning-technical-code")]
    [TestCase("tuning-technical-small-print")]
    [TestCase("tuning-languages-deu")]
    public void A_latin_page_yields_no_cjk_greek_or_cyrillic_characters(string name)
    {
        using var engine = new PaddleOcrEngine(new OcrOptions());
        using var page = CorpusRenderer.Render(CorpusPages.Set(BenchSet.Tuning).Single(p => p.Name == name));
        using var bgra = new SKBitmap(page.Scanned.Width, page.Scanned.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        Assert.That(page.Scanned.CopyTo(bgra, SKColorType.Bgra8888));

        var text = string.Join('\n', engine.Recognise(bgra).Lines.Select(l => l.Text));

        Assert.That(text.Length, Is.GreaterThan(1000));
        var foreign = text.Where(CharacterDictionary.IsCjk).Select(c => c.ToString()).Distinct().ToList();
        Assert.That(foreign, Is.Empty, text);
    }
}
