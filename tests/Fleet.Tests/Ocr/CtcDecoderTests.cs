using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

public class CtcDecoderTests
{
    // Classes: 0 blank, 1 'a', 2 'b', 3 '，' (full-width comma), 4 space.
    private static readonly CharacterDictionary Dictionary = CharacterDictionary.FromKeys(["a", "b", "\uFF0C"]);

    private static float[] Steps(params (int Class, float Probability)[] steps)
    {
        var classes = Dictionary.Count;
        var probabilities = new float[steps.Length * classes];
        for (var t = 0; t < steps.Length; t++)
        {
            var rest = (1 - steps[t].Probability) / (classes - 1);
            for (var c = 0; c < classes; c++)
                probabilities[t * classes + c] = c == steps[t].Class ? steps[t].Probability : rest;
        }
        return probabilities;
    }

    [Test]
    public void Dictionary_has_blank_first_and_space_last()
    {
        Assert.That(Dictionary.Count, Is.EqualTo(5));
        Assert.That(Dictionary[0], Is.Empty);
        Assert.That(Dictionary[1], Is.EqualTo("a"));
        Assert.That(Dictionary[4], Is.EqualTo(" "));
    }

    [Test]
    public void Ctc_decode_merges_repeats_and_drops_blanks()
    {
        // a a _ a b b _ _ b  ->  "aab" then a blank-separated "b": "aabb"
        var probabilities = Steps((1, 0.9f), (1, 0.9f), (0, 0.9f), (1, 0.8f), (2, 0.7f), (2, 0.9f), (0, 0.9f), (0, 0.9f), (2, 0.6f));
        var line = CtcDecoder.Decode(probabilities, 9, Dictionary, normaliseConfusables: false);

        Assert.That(line.Text, Is.EqualTo("aabb"));
        Assert.That(line.Characters.Select(c => (c.FirstStep, c.LastStep)),
            Is.EqualTo(new[] { (0, 1), (3, 3), (4, 5), (8, 8) }));
    }

    [Test]
    public void Ctc_confidence_is_mean_of_the_first_step_of_each_kept_character()
    {
        var probabilities = Steps((1, 0.9f), (1, 0.5f), (0, 0.99f), (2, 0.7f));
        var line = CtcDecoder.Decode(probabilities, 4, Dictionary, normaliseConfusables: false);

        Assert.That(line.Confidence, Is.EqualTo((0.9 + 0.7) / 2).Within(1e-6));
    }

    [Test]
    public void Ctc_decode_of_only_blanks_is_empty()
    {
        var line = CtcDecoder.Decode(Steps((0, 0.9f), (0, 0.9f)), 2, Dictionary, normaliseConfusables: true);

        Assert.That(line.Characters, Is.Empty);
        Assert.That(line.Text, Is.Empty);
    }

    [Test]
    public void Words_split_on_space_with_their_steps_and_the_product_of_their_character_probabilities()
    {
        // a b <space> b a
        var probabilities = Steps((1, 0.8f), (2, 0.6f), (4, 0.9f), (2, 1.0f), (0, 0.9f), (1, 0.5f));
        var words = CtcDecoder.Decode(probabilities, 6, Dictionary, normaliseConfusables: false).Words();

        Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "ab", "ba" }));
        Assert.That(words.Select(w => (w.FirstStep, w.LastStep)), Is.EqualTo(new[] { (0, 1), (3, 5) }));
        Assert.That(words[0].Confidence, Is.EqualTo(0.8 * 0.6).Within(1e-6));
        Assert.That(words[1].Confidence, Is.EqualTo(1.0 * 0.5).Within(1e-6));
    }

    [Test]
    public void Full_width_punctuation_becomes_ascii_when_normalising()
    {
        var probabilities = Steps((1, 0.9f), (3, 0.9f), (2, 0.9f));

        Assert.That(CtcDecoder.Decode(probabilities, 3, Dictionary, normaliseConfusables: true).Text, Is.EqualTo("a,b"));
        Assert.That(CtcDecoder.Decode(probabilities, 3, Dictionary, normaliseConfusables: false).Text, Is.EqualTo("a\uFF0Cb"));
    }

    [Test]
    public void Confusables_fold_quotes_and_dashes_but_keep_accented_letters()
    {
        Assert.That(Confusables.Normalise("\u201CCaf\u00E9\u201D \u2014 it\u2019s 5\u2032 \uFF08ok\uFF09\u2026"),
            Is.EqualTo("\"Caf\u00E9\" - it's 5' (ok)..."));
    }
}

public class ScriptAwareDecodingTests
{
    // Classes: 0 blank, 1 'a', 2 'b', 3 '}', 4 '了', 5 '中', 6 space.
    private static readonly CharacterDictionary Dictionary = CharacterDictionary.FromKeys(["a", "b", "}", "\u4E86", "\u4E2D"]);

    /// <summary>Per step the winning class, and optionally a runner-up with its probability.</summary>
    private static float[] Steps(params (int Class, float Probability, int Second, float SecondProbability)[] steps)
    {
        var classes = Dictionary.Count;
        var probabilities = new float[steps.Length * classes];
        for (var t = 0; t < steps.Length; t++)
        {
            var (best, p, second, q) = steps[t];
            var rest = (1 - p - q) / (classes - 2);
            for (var c = 0; c < classes; c++)
                probabilities[t * classes + c] = c == best ? p : c == second ? q : rest;
        }
        return probabilities;
    }

    [Test]
    public void A_cjk_class_winning_one_step_of_a_latin_line_gives_way_to_the_best_latin_class()
    {
        // a b 了 a b, where the model's second choice at the middle step is '}'.
        var probabilities = Steps((1, 0.9f, 0, 0.05f), (2, 0.9f, 0, 0.05f), (4, 0.5f, 3, 0.4f), (1, 0.9f, 0, 0.05f), (2, 0.9f, 0, 0.05f));

        var plain = CtcDecoder.Decode(probabilities, 5, Dictionary, normaliseConfusables: true);
        var aware = CtcDecoder.DecodeScriptAware(probabilities, 5, Dictionary, normaliseConfusables: true);

        Assert.That(plain.Text, Is.EqualTo("ab\u4E86ab"));
        Assert.That(aware.Text, Is.EqualTo("ab}ab"));
    }

    [Test]
    public void A_line_of_one_character_read_as_cjk_is_taken_as_the_latin_mark()
    {
        // A code line holding only '}', which the model read as 了.
        var probabilities = Steps((0, 0.9f, 1, 0.05f), (4, 0.6f, 3, 0.3f), (0, 0.9f, 1, 0.05f));

        Assert.That(CtcDecoder.DecodeScriptAware(probabilities, 3, Dictionary, normaliseConfusables: true).Text, Is.EqualTo("}"));
    }

    [Test]
    public void A_line_that_is_mostly_cjk_keeps_its_cjk_characters()
    {
        var probabilities = Steps((5, 0.9f, 0, 0.05f), (0, 0.9f, 1, 0.05f), (4, 0.8f, 3, 0.1f), (1, 0.9f, 0, 0.05f));

        var aware = CtcDecoder.DecodeScriptAware(probabilities, 4, Dictionary, normaliseConfusables: true);

        Assert.That(aware.Text, Is.EqualTo("\u4E2D\u4E86a"));
    }

    [Test]
    public void The_shipped_dictionary_marks_han_and_kana_but_not_latin_or_folded_punctuation()
    {
        var dictionary = CharacterDictionary.Load(Path.Combine(new OcrOptions().ModelDirectory, PaddleOcrEngine.KeysFile));
        var cjk = Enumerable.Range(1, dictionary.Count - 1).Where(dictionary.IsCjkClass).Select(i => dictionary[i]).ToHashSet();

        Assert.That(cjk, Has.Count.GreaterThan(5000));
        Assert.That(cjk, Does.Contain("\u4E86").And.Contain("\u306E").And.Contain("\u03B8"));
        string[] kept = ["a", "Z", "7", "}", "é", "ü", "\u3002", "\uFF0C", " "];
        Assert.That(kept.Where(k => dictionary.IndexOf(k) > 0 && dictionary.IsCjkClass(dictionary.IndexOf(k))), Is.Empty);
    }
}
