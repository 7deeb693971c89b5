using System.Globalization;
using System.Text;
using Fleet.Contracts.Results;

namespace Fleet.Engine.Pdf;

/// <summary>
/// Decides whether a page's embedded text is good enough to use instead of OCR. A text layer can exist and still
/// be useless: a few stray characters over a scan, or glyphs from a font without a usable ToUnicode map.
/// </summary>
public static class TextLayerQuality
{
    /// <summary>Fewer non-space characters than this is a page number or a stamp, not the page's text.</summary>
    public const int MinCharacters = 16;

    /// <summary>Letters and digits among non-space characters (leaders aside); real prose sits well above, broken encodings below.</summary>
    public const double MinAlphanumericRatio = 0.6;

    /// <summary>U+FFFD, private-use and control characters among non-space characters: unmapped glyphs.</summary>
    public const double MaxUnmappedRatio = 0.05;

    public static bool IsUsable(IReadOnlyList<WordResult> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var total = 0;
        var alphanumeric = 0;
        var unmapped = 0;
        foreach (var word in words)
        {
            if (IsLeader(word.Text))
            {
                continue;
            }

            foreach (var rune in word.Text.EnumerateRunes())
            {
                if (Rune.IsWhiteSpace(rune))
                {
                    continue;
                }

                total++;
                if (Rune.IsLetterOrDigit(rune))
                {
                    alphanumeric++;
                }
                else if (IsUnmapped(rune))
                {
                    unmapped++;
                }
            }
        }

        return total >= MinCharacters
            && alphanumeric >= MinAlphanumericRatio * total
            && unmapped < MaxUnmappedRatio * total;
    }

    /// <summary>
    /// Dot leaders and rules (<c>. . . .</c>, <c>........</c>, <c>____</c>) in tables of contents and indexes: neither
    /// letters nor garbage, so they do not count either way.
    /// </summary>
    private static bool IsLeader(string word) => word.All(c => c is '.' or '\u00B7' or '\u2026' or '_' or '-' or '\u2013' or '\u2014');

    private static bool IsUnmapped(Rune rune) =>
        rune.Value == 0xFFFD
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.PrivateUse or UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
