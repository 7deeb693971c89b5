using System.Text;

namespace Fleet.Engine.Text;

/// <summary>
/// NFKC for the text Fleet reads: ligatures and presentation forms become their letters (<c>ﬁ</c> → <c>fi</c>),
/// full-width and letterlike forms their plain ones, and a letter followed by combining marks the precomposed letter
/// (<c>o</c> + U+0308 → <c>ö</c>). Fleet runs with .NET's invariant globalization (no ICU), where
/// <see cref="string.Normalize()"/> leaves text as it is, so the tables come with the engine (UnicodeTables.g.cs,
/// written by generate-tables.py): Latin, Greek, Cyrillic, punctuation, symbols and presentation forms; CJK, Hangul
/// and Arabic presentation forms are left as they are.
/// </summary>
public static class TextNormaliser
{
    private static readonly Dictionary<char, string> Compatibility = ReadCompatibility();
    private static readonly Dictionary<(char Base, char Mark), char> Compositions = ReadCompositions();

    public static string Nfkc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => c >= '\u0080'))
            return text;
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Compatibility.TryGetValue(c, out var mapped))
            {
                foreach (var m in mapped)
                    AppendComposed(result, m);
            }
            else
            {
                AppendComposed(result, c);
            }
        }
        return result.ToString();
    }

    private static void AppendComposed(StringBuilder text, char c)
    {
        if (text.Length > 0 && Compositions.TryGetValue((text[^1], c), out var composed))
            text[^1] = composed;
        else
            text.Append(c);
    }

    private static Dictionary<char, string> ReadCompatibility()
    {
        var table = new Dictionary<char, string>();
        foreach (var entry in UnicodeTables.Compatibility.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            table[entry[0]] = entry[1..];
        return table;
    }

    private static Dictionary<(char, char), char> ReadCompositions()
    {
        var data = UnicodeTables.Compositions;
        var table = new Dictionary<(char, char), char>(data.Length / 3);
        for (var i = 0; i + 2 < data.Length; i += 3)
            table[(data[i], data[i + 1])] = data[i + 2];
        return table;
    }
}
