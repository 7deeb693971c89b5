using System.Numerics.Tensors;

namespace Fleet.Engine.Ocr;

/// <summary>One output character with the time steps it spans, so words can be placed back on the page.</summary>
internal readonly record struct DecodedCharacter(string Text, float Probability, int FirstStep, int LastStep);

/// <summary>
/// A word of a decoded line: the product of its characters' probabilities (the chance that every character is right,
/// which tracks how often such words really are right far better than their mean does) and the steps from its first
/// to its last character.
/// </summary>
internal readonly record struct DecodedWord(string Text, double Confidence, int FirstStep, int LastStep);

internal sealed record DecodedLine(IReadOnlyList<DecodedCharacter> Characters, double Confidence)
{
    public static readonly DecodedLine Empty = new([], 0);

    /// <summary>The words (split on spaces) joined by single spaces.</summary>
    public string Text => string.Join(' ', Words().Select(w => w.Text));

    public IReadOnlyList<DecodedWord> Words()
    {
        var words = new List<DecodedWord>();
        var text = new System.Text.StringBuilder();
        double probability = 1;
        int first = 0, last = 0;
        foreach (var c in Characters)
        {
            foreach (var ch in c.Text)
            {
                if (ch == ' ')
                {
                    Flush();
                    continue;
                }
                if (text.Length == 0)
                    first = c.FirstStep;
                text.Append(ch);
                last = c.LastStep;
            }
            if (text.Length > 0)
                probability *= c.Probability;
        }
        Flush();
        return words;

        void Flush()
        {
            if (text.Length == 0)
                return;
            words.Add(new DecodedWord(text.ToString(), probability, first, last));
            text.Clear();
            probability = 1;
        }
    }
}

/// <summary>
/// Greedy CTC decoding of the recogniser's per-step class probabilities. With confusables folded, look-alike
/// punctuation becomes ASCII and o/0, l/1 are settled by their neighbours (see <see cref="LookAlike"/>).
/// </summary>
internal static class CtcDecoder
{
    /// <summary>
    /// A line is read as CJK (or Greek, or Cyrillic) when at least this share of its characters are of those scripts;
    /// below it, they are misreadings of Latin marks (a '}' read as 了, a 0 as θ) and the line is decoded again
    /// without those classes. A genuine π in a Latin line is lost with them: the model gives far more false ones.
    /// </summary>
    public const double CjkLineShare = 0.5;

    /// <summary>A line needs at least this many CJK (Greek, Cyrillic) characters to be read as such.</summary>
    public const int MinCjkCharacters = 2;

    /// <summary>
    /// Decodes the line; a line that is mostly Latin script is decoded again with the CJK, Greek and Cyrillic classes
    /// masked, so each of its steps takes the best Latin class (often the blank, or the mark that was really there).
    /// </summary>
    public static DecodedLine DecodeScriptAware(
        ReadOnlySpan<float> probabilities, int steps, CharacterDictionary dictionary, bool normaliseConfusables)
    {
        var line = Decode(probabilities, steps, dictionary, normaliseConfusables);
        var cjk = 0;
        foreach (var c in line.Characters)
            cjk += c.Text.Length > 0 && CharacterDictionary.IsCjk(c.Text[0]) ? 1 : 0;
        // One character is no evidence of a script: a code line holding only '}' reads as 了 in full.
        return cjk == 0 || (cjk >= CjkLineShare * line.Characters.Count && cjk >= MinCjkCharacters)
            ? line
            : Decode(probabilities, steps, dictionary, normaliseConfusables, maskCjk: true);
    }

    /// <param name="probabilities">Row-major [steps, classes] probabilities of one line.</param>
    /// <param name="maskCjk">Never emit a CJK class: take the best other class at steps where one wins.</param>
    public static DecodedLine Decode(
        ReadOnlySpan<float> probabilities, int steps, CharacterDictionary dictionary, bool normaliseConfusables, bool maskCjk = false)
    {
        var classes = dictionary.Count;
        if (probabilities.Length < steps * classes)
            throw new ArgumentException($"Expected {steps}×{classes} probabilities, got {probabilities.Length}.", nameof(probabilities));

        var characters = new List<DecodedCharacter>();
        var lookAlikes = new List<LookAlike>();
        double keptSum = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = TensorPrimitives.IndexOfMax(row);
            if (maskCjk && dictionary.IsCjkClass(best))
                best = BestNonCjk(row, dictionary);
            var probability = row[best];
            if (best == previous && best != CharacterDictionary.Blank)
            {
                // A repeat of the same class without a blank in between is the same character held over more steps.
                characters[^1] = characters[^1] with { LastStep = t };
            }
            else if (best != CharacterDictionary.Blank)
            {
                var text = normaliseConfusables ? dictionary.Folded(best) : dictionary[best];
                if (normaliseConfusables && LookAlike.Of(row, best, characters.Count, dictionary) is { } lookAlike)
                    lookAlikes.Add(lookAlike);
                characters.Add(new DecodedCharacter(text, probability, t, t));
                keptSum += probability;
            }
            previous = best;
        }

        foreach (var lookAlike in lookAlikes)
            lookAlike.Settle(characters);
        return characters.Count == 0 ? DecodedLine.Empty : new DecodedLine(characters, keptSum / characters.Count);
    }

    private static int BestNonCjk(ReadOnlySpan<float> row, CharacterDictionary dictionary)
    {
        var best = CharacterDictionary.Blank;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best] && !dictionary.IsCjkClass(c))
                best = c;
        }
        return best;
    }
}
