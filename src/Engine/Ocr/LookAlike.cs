namespace Fleet.Engine.Ocr;

/// <summary>
/// A character the model could not tell from its look-alike in the other class: o/O against 0, l/I against 1, each
/// with at least <see cref="MinShare"/> of the step's probability (0.54 against 0.46 is typical). Its neighbours
/// in the word settle it: digits on either side make it a digit ("02:o0" is 02:00), letters make it a letter
/// ("0perating" is operating). With neighbours of both kinds, or none, the model's pick stands.
/// </summary>
internal sealed record LookAlike(int Index, string Digit, float DigitProbability, string Letter, float LetterProbability)
{
    public const float MinShare = 0.1f;

    private static readonly (string Digit, string[] Letters)[] Pairs = [("0", ["o", "O"]), ("1", ["l", "I"])];

    public static LookAlike? Of(ReadOnlySpan<float> row, int best, int index, CharacterDictionary dictionary)
    {
        // Called for every decoded character: most are none of the six, and need no class lookups.
        var text = dictionary[best];
        foreach (var (digit, letters) in Pairs)
        {
            if (text != digit && Array.IndexOf(letters, text) < 0)
                continue;
            var digitClass = dictionary.IndexOf(digit);
            if (digitClass < 0)
                continue;
            var letterClass = -1;
            foreach (var letter in letters)
            {
                var c = dictionary.IndexOf(letter);
                if (c >= 0 && (letterClass < 0 || row[c] > row[letterClass]))
                    letterClass = c;
            }
            if (letterClass < 0 || (best != digitClass && best != letterClass))
                continue;
            if (Math.Min(row[digitClass], row[letterClass]) < MinShare)
                return null;
            return new LookAlike(index, digit, row[digitClass], dictionary[letterClass], row[letterClass]);
        }
        return null;
    }

    public void Settle(List<DecodedCharacter> characters)
    {
        var (digits, letters) = (0, 0);
        foreach (var step in (ReadOnlySpan<int>)[-1, 1])
        {
            // The nearest letter or digit on each side within the word, skipping punctuation such as ':' or ','.
            for (var i = Index + step; i >= 0 && i < characters.Count && characters[i].Text != " "; i += step)
            {
                var text = characters[i].Text;
                if (text.Length != 1 || !char.IsLetterOrDigit(text[0]))
                    continue;
                if (char.IsDigit(text[0]))
                    digits++;
                else
                    letters++;
                break;
            }
        }
        if (digits > 0 && letters == 0)
            characters[Index] = characters[Index] with { Text = Digit, Probability = DigitProbability };
        else if (letters > 0 && digits == 0)
            characters[Index] = characters[Index] with { Text = Letter, Probability = LetterProbability };
    }
}
