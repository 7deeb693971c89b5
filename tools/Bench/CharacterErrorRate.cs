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

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
