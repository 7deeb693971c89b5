using System.Text.RegularExpressions;

namespace Fleet.Tests.Support;

/// <summary>Character error rate: edit distance between expected and actual text over the expected length.</summary>
public static partial class CharacterErrorRate
{
    /// <summary>
    /// Levenshtein distance / expected length, after collapsing every run of whitespace (line breaks included) to
    /// one space and trimming both texts: layout whitespace is not counted, missing or extra word gaps are.
    /// </summary>
    public static double Compute(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var e = Normalise(expected);
        var a = Normalise(actual);
        if (e.Length == 0)
            return a.Length == 0 ? 0 : 1;
        return (double)Distance(e, a) / e.Length;
    }

    public static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    private static int Distance(string s, string t)
    {
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

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
