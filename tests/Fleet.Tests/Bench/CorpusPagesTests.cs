using Fleet.Bench;
using Fleet.Bench.Corpus;
using SkiaSharp;

namespace Fleet.Tests.Bench;

public class CorpusPagesTests
{
    private static IEnumerable<string> Sentences(BenchSet set) =>
        CorpusText.Prose(set)
            .Concat(new[] { "fra", "deu", "spa", "por", "ita" }.SelectMany(l => CorpusText.Language(l, set)))
            .Concat(CorpusText.Technical(set).Where(l => l.Length > 20));

    [Test]
    public void The_held_out_set_shares_no_sentence_with_the_tuning_set_or_the_old_benchmark()
    {
        var heldOut = Sentences(BenchSet.HeldOut).ToHashSet();

        Assert.That(heldOut.Intersect(Sentences(BenchSet.Tuning)), Is.Empty);
        Assert.That(heldOut.Intersect(BenchText.Sentences.Concat(BenchText.CalibrationSentences)), Is.Empty);
        Assert.That(Sentences(BenchSet.Tuning).Intersect(BenchText.Sentences.Concat(BenchText.CalibrationSentences)), Is.Empty);
    }

    [Test]
    public void Both_sets_have_every_class_and_the_quick_run_is_held_out_pages_of_every_class()
    {
        foreach (var set in Enum.GetValues<BenchSet>())
            Assert.That(CorpusPages.Set(set).Select(p => p.Class).Distinct(), Is.EquivalentTo(Enum.GetValues<BenchClass>()), set.ToString());
        var quick = CorpusPages.Quick();
        Assert.That(quick.Select(p => p.Set), Is.All.EqualTo(BenchSet.HeldOut));
        Assert.That(quick.Select(p => p.Class).Distinct(), Is.EquivalentTo(Enum.GetValues<BenchClass>()));
        Assert.That(CorpusPages.All().Select(p => p.Name), Is.Unique);
        // The first pages of the corpus already cover every class, so --pages 4 measures all four.
        Assert.That(CorpusPages.All().Take(4).Select(p => p.Class), Is.EquivalentTo(Enum.GetValues<BenchClass>()));
    }

    [Test]
    public void The_language_pages_carry_the_characters_the_recogniser_is_weak_on()
    {
        foreach (var set in Enum.GetValues<BenchSet>())
        {
            var text = string.Concat(new[] { "fra", "deu", "spa", "por", "ita" }.SelectMany(l => CorpusText.Language(l, set)));
            foreach (var c in "éèêàâçœôûëîäöüßáíóúñ¿¡ãõì€£©µ«»")
                Assert.That(text, Does.Contain(c.ToString()), $"{set}: {c}");
        }
    }

    [Test]
    public void Damaged_pages_are_drawn_as_the_scanner_would_hand_them_in()
    {
        var pages = CorpusPages.Set(BenchSet.HeldOut).ToDictionary(p => p.Name["held-out-".Length..]);
        using var low = CorpusRenderer.Render(pages["scan-200-dpi"]);
        using var sideways = CorpusRenderer.Render(pages["scan-rotated-90"]);
        using var rotate = CorpusRenderer.Render(pages["scan-pdf-rotate-90"]);

        Assert.That((low.Scanned.Width, low.Scanned.Height, low.Scanned.ColorType), Is.EqualTo((1700, 2200, SKColorType.Gray8)));
        Assert.That((sideways.Scanned.Width, sideways.Scanned.Height), Is.EqualTo((3300, 2550)));
        // A /Rotate page: a viewer (and Tesseract) sees it upright, the PDF stores it turned.
        Assert.That((rotate.Scanned.Width, rotate.Scanned.Height, rotate.Stored.Width), Is.EqualTo((2550, 3300, 3300)));
        Assert.That(low.Expected.Split('\n'), Has.Length.GreaterThan(30));
    }

    [Test]
    public void Special_character_accuracy_counts_the_non_ascii_characters_kept()
    {
        Assert.That(CharacterErrorRate.Special("Große Straße, 5 €", "GroBe Straße, 5 €"), Is.EqualTo(((int, int)?)(3, 2)));
        Assert.That(CharacterErrorRate.Special("plain ASCII", "plain ASCII"), Is.Null);
        // Typographic quotes are folded before counting, so they are neither special nor errors.
        Assert.That(CharacterErrorRate.Typographic("“quoted” – it’s"), Is.EqualTo("\"quoted\" - it's"));
    }
}
