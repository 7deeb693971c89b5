using Fleet.Engine.Ocr;

namespace Fleet.Tests.Ocr;

/// <summary>o/0 and l/1 that the model could not tell apart are settled by the letters or digits beside them.</summary>
public class LookAlikeTests
{
    private static readonly CharacterDictionary Dictionary = CharacterDictionary.FromKeys(["0", "1", "2", "o", "O", "l", "I", "p", "e", ":"]);

    /// <summary>One step per entry: the given classes share the step's probability, a blank step after each character.</summary>
    private static (float[] Probabilities, int Steps) Line(params (string Text, float Probability)[][] characters)
    {
        var classes = Dictionary.Count;
        var steps = characters.Length * 2;
        var probabilities = new float[steps * classes];
        for (var i = 0; i < characters.Length; i++)
        {
            foreach (var (text, probability) in characters[i])
                probabilities[2 * i * classes + (text == " " ? classes - 1 : Dictionary.IndexOf(text))] = probability;
            probabilities[(2 * i + 1) * classes + CharacterDictionary.Blank] = 1;
        }
        return (probabilities, steps);
    }

    private static (string, float)[] Sure(string text) => [(text, 1f)];

    private static string Decode((float[] Probabilities, int Steps) line) =>
        CtcDecoder.Decode(line.Probabilities, line.Steps, Dictionary, normaliseConfusables: true).Text;

    [Test]
    public void A_torn_o_between_digits_is_a_zero()
    {
        // "02:o0": the model gave the third digit 0.55 for 'o' and 0.43 for '0'.
        var line = Line(Sure("0"), Sure("2"), Sure(":"), [("o", 0.55f), ("0", 0.43f)], Sure("0"));
        Assert.That(Decode(line), Is.EqualTo("02:00"));
    }

    [Test]
    public void A_torn_zero_before_letters_is_an_o()
    {
        var line = Line([("0", 0.54f), ("o", 0.46f)], Sure("p"), Sure("e"));
        Assert.That(Decode(line), Is.EqualTo("ope"));
    }

    [Test]
    public void A_torn_l_next_to_digits_is_a_one_and_keeps_the_probability_of_the_one()
    {
        var line = Line(Sure("2"), [("l", 0.6f), ("1", 0.38f)]);
        var decoded = CtcDecoder.Decode(line.Probabilities, line.Steps, Dictionary, normaliseConfusables: true);
        Assert.That(decoded.Text, Is.EqualTo("21"));
        Assert.That(decoded.Characters[1].Probability, Is.EqualTo(0.38f));
    }

    [Test]
    public void A_sure_character_is_never_changed_whatever_its_neighbours()
    {
        // 'o' at 0.95 with '0' under the 0.1 share: the model was not torn.
        var line = Line(Sure("2"), [("o", 0.95f), ("0", 0.04f)], Sure("2"));
        Assert.That(Decode(line), Is.EqualTo("2o2"));
    }

    [Test]
    public void Mixed_or_missing_neighbours_leave_the_model_s_pick()
    {
        Assert.That(Decode(Line(Sure("2"), [("o", 0.55f), ("0", 0.45f)], Sure("p"))), Is.EqualTo("2op"));
        Assert.That(Decode(Line([("o", 0.55f), ("0", 0.45f)])), Is.EqualTo("o"));
    }

    [Test]
    public void Neighbours_are_looked_for_within_the_word_only()
    {
        // "2 o0": the space ends the word, so only the '0' on the right counts.
        var line = Line(Sure("2"), Sure(" "), [("0", 0.5f), ("o", 0.48f)], Sure("p"));
        Assert.That(Decode(line), Is.EqualTo("2 op"));
    }

    [Test]
    public void Without_folding_nothing_is_settled()
    {
        var line = Line(Sure("0"), [("o", 0.55f), ("0", 0.43f)], Sure("0"));
        Assert.That(CtcDecoder.Decode(line.Probabilities, line.Steps, Dictionary, normaliseConfusables: false).Text, Is.EqualTo("0o0"));
    }
}
