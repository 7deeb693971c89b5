using System.Text.RegularExpressions;

namespace Fleet.Bench;

/// <summary>
/// Character error rate: Levenshtein distance over the expected length, after collapsing every run of whitespace to
/// one space (layout whitespace is not counted, missing or extra word gaps are). A copy of the tests' metric, because
/// src does not reference the test project.
/// </summary>
public static partial class CharacterErrorRate
{
    public static double Compute(string expected, string actual)
    {
        var e = Normalise(expected);
        return e.Length == 0 ? (Normalise(actual).Length == 0 ? 0 : 1) : (double)Distance(expected, actual) / e.Length;
    }

    /// <summary>Edit distance between the normalised texts; summed over pages it gives a character-weighted CER.</summary>
    public static int Distance(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var s = Normalise(expected);
        var t = Normalise(actual);
        // Two rows of the dynamic-programming table are enough.
        var previous = new int[t.Length + 1];
        var current = new int[t.Length + 1];
        for (var j = 0; j <= t.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= s.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= t.Length; j++)
            {
                var substitution = previous[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[t.Length];
    }

    public static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>
    /// Typographic quotes, dashes and the ellipsis as their ASCII forms, on both sides of a comparison: a search index
    /// wants them so, Fleet folds them by default (NormaliseConfusables), and Tesseract keeps them; counting either as
    /// an error would measure a setting, not reading. Letters, « », € and the like are untouched.
    /// </summary>
    public static string Typographic(string text)
    {
        // Dot leaders of a contents page count as one mark, however many dots each reader sees (neither engine keeps
        // their number, and no reader of the text cares).
        text = Leaders().Replace(text, " ... ");
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u2032' => "'",
                '\u201C' or '\u201D' or '\u201E' or '\u2033' => "\"",
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => "-",
                '\u2026' => "...",
                '\u00A0' or '\u202F' => " ",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// Of the expected text's non-ASCII characters (accented letters, ß, €, £, ©, µ, « »), the share the reading has:
    /// per character, the smaller of its counts in the two texts (a bag, not an alignment: a ß read in the wrong word
    /// still counts). Null when the expected text has none.
    /// </summary>
    public static (int Expected, int Kept)? Special(string expected, string actual)
    {
        var wanted = Typographic(expected).Where(c => c > '\u007F' && !char.IsWhiteSpace(c)).CountBy(c => c).ToDictionary();
        if (wanted.Count == 0)
            return null;
        var got = Typographic(actual).CountBy(c => c).ToDictionary();
        return (wanted.Values.Sum(), wanted.Sum(pair => Math.Min(pair.Value, got.GetValueOrDefault(pair.Key))));
    }

    [GeneratedRegex(@"(?:[ \t]*\.){2,}[ \t]*")]
    private static partial Regex Leaders();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
