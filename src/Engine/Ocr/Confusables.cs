using System.Collections.Frozen;

namespace Fleet.Engine.Ocr;

/// <summary>
/// The PP-OCRv4 dictionary serves Chinese as well as English, so it holds full-width and typographic twins of ASCII
/// punctuation. On Latin-script pages the recogniser picks those twins often (most of its character errors), so they
/// are folded to the ASCII form. Genuine non-ASCII letters (é, ü, π) are left alone.
/// </summary>
internal static class Confusables
{
    private static readonly FrozenDictionary<char, string> Map = Build();

    /// <summary>The replacement for <paramref name="c"/>, or null when it is kept as is.</summary>
    public static string? Replacement(char c) => Map.TryGetValue(c, out var s) ? s : null;

    public static string Normalise(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Replacement(c) is { } s)
                builder.Append(s);
            else
                builder.Append(c);
        }
        return builder.ToString();
    }

    private static FrozenDictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>();

        // Full-width ASCII block (！ to ～) sits exactly 0xFEE0 above ASCII.
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
            map[c] = ((char)(c - 0xFEE0)).ToString();

        void Add(string from, string to)
        {
            foreach (var c in from)
                map[c] = to;
        }

        Add("\u2018\u2019\u201A\u201B\u2032\u00B4\u02CA", "'");
        Add("\u201C\u201D\u201E\u201F\u2033\u3003", "\"");
        Add("\u02CB", "`");
        Add("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u02C9", "-");
        Add("\u3001\uFE51\uFE50", ",");
        Add("\u3002\u2027\uFE52", ".");
        Add("\u2236\uFE55", ":");
        Add("\uFE54", ";");
        Add("\uFE57", "!");
        Add("\uFE56", "?");
        Add("\uFE62", "+");
        Add("\u2223\u2502\u2016", "|");
        Add("\u3008\u2329", "<");
        Add("\u3009\u232A", ">");
        Add("\u3014\uFE5D", "(");
        Add("\u3015\uFE5E", ")");
        Add("\u3010\u3016", "[");
        Add("\u3011\u3017", "]");
        Add("\u2227", "^");
        Add("\u3000\u00A0", " ");
        Add("\u2026", "...");
        // Latin look-alikes from other scripts that the model emits for plain letters.
        Add("\u0261", "g");
        Add("\u039F", "O");
        return map.ToFrozenDictionary();
    }
}
