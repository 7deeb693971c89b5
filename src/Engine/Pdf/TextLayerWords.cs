using System.Text;
using Fleet.Engine.Text;
using Fleet.Contracts.Results;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Fleet.Engine.Pdf;

/// <summary>
/// Words from a page's glyphs in the order the page draws them, the way poppler's pdftotext forms them: a word ends at a
/// space glyph, a change of baseline, or a gap after a glyph's advance wider than a tenth of its size. So dot
/// leaders stay one word, TeX's separately drawn accents are put on their letters (<c>M¨oller</c> reads
/// <c>Möller</c>), and text is NFKC-normalised (ligatures <c>ﬁ</c> and presentation forms read as plain letters).
/// </summary>
internal static class TextLayerWords
{
    /// <summary>A gap after a glyph's advance wider than this share of its point size starts a new word (as in pdftotext).</summary>
    private const double WordGap = 0.1;

    /// <summary>
    /// A glyph whose baseline is further than this share of its size from the previous glyph's is on another line;
    /// nearer, it is a subscript, superscript or raised accent of the same word (<c>x1</c>, <c>x²</c>).
    /// </summary>
    private const double BaselineTolerance = 0.6;

    /// <summary>
    /// The words, each with its box in PDF space (bottom-left origin); null when some glyph is not horizontal, which
    /// this reading does not handle (the caller then uses PdfPig's own word extraction).
    /// </summary>
    public static List<(string Text, PdfRectangle Box)>? Read(IReadOnlyList<Letter> letters)
    {
        var words = new List<(string, PdfRectangle)>();
        var glyphs = new List<Letter>();
        // The word's last glyph that is not an accent: an accent is centred over the letter it goes with, so the gap
        // before it says little, and that letter is measured from the glyph before the accent.
        Letter? anchor = null;
        foreach (var letter in letters)
        {
            if (letter.TextOrientation != TextOrientation.Horizontal)
                return null;
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                Flush(glyphs, words);
                anchor = null;
                continue;
            }
            var accent = Combining(letter) is not null;
            var reference = glyphs.Count > 0 && Combining(glyphs[^1]) is not null && Over(glyphs[^1], letter) ? anchor : null;
            if (glyphs.Count > 0 && StartsNewWord(reference ?? glyphs[^1], letter, accent))
            {
                Flush(glyphs, words);
                anchor = null;
            }
            glyphs.Add(letter);
            if (!accent)
                anchor = letter;
        }
        Flush(glyphs, words);
        return DropOverprints(words);
    }

    /// <summary>
    /// A word drawn again over itself (fake bold, shadowed titles) is read once, as pdftotext does: a later word with
    /// the same text whose box mostly covers an earlier one's, among the few words before it.
    /// </summary>
    private static List<(string Text, PdfRectangle Box)> DropOverprints(List<(string Text, PdfRectangle Box)> words)
    {
        const int window = 32;
        var kept = new List<(string Text, PdfRectangle Box)>(words.Count);
        foreach (var word in words)
        {
            var overprint = false;
            for (var i = kept.Count - 1; i >= Math.Max(0, kept.Count - window) && !overprint; i--)
                overprint = kept[i].Text == word.Text && Overlap(kept[i].Box, word.Box) > 0.6;
            if (!overprint)
                kept.Add(word);
        }
        return kept;
    }

    /// <summary>The intersection of two boxes over the smaller one's area.</summary>
    private static double Overlap(PdfRectangle a, PdfRectangle b)
    {
        var width = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var height = Math.Min(a.Top, b.Top) - Math.Max(a.Bottom, b.Bottom);
        var smaller = Math.Min(a.Width * a.Height, b.Width * b.Height);
        return width <= 0 || height <= 0 || smaller <= 0 ? 0 : width * height / smaller;
    }

    private static bool StartsNewWord(Letter previous, Letter next, bool accent)
    {
        var size = Math.Max(1, Math.Max(previous.PointSize, next.PointSize));
        if (Math.Abs(next.StartBaseLine.Y - previous.StartBaseLine.Y) > BaselineTolerance * size)
            return true;
        var gap = next.StartBaseLine.X - previous.EndBaseLine.X;
        // Backwards by more than a glyph or two: the page went back to draw elsewhere on the line.
        return gap > (accent ? 0.5 : WordGap) * size || gap < -2 * size;
    }

    private static void Flush(List<Letter> glyphs, List<(string, PdfRectangle)> words)
    {
        if (glyphs.Count == 0)
            return;
        var text = Compose(glyphs);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var box = glyphs[0].BoundingBox;
            double left = box.Left, bottom = box.Bottom, right = box.Right, top = box.Top;
            foreach (var glyph in glyphs)
            {
                var r = glyph.BoundingBox;
                left = Math.Min(left, Math.Min(r.Left, r.Right));
                right = Math.Max(right, Math.Max(r.Left, r.Right));
                bottom = Math.Min(bottom, Math.Min(r.Bottom, r.Top));
                top = Math.Max(top, Math.Max(r.Bottom, r.Top));
            }
            words.Add((text, new PdfRectangle(left, bottom, right, top)));
        }
        glyphs.Clear();
    }

    /// <summary>The glyphs' text with each spacing accent put, as a combining mark, on the letter it is drawn over.</summary>
    private static string Compose(List<Letter> glyphs)
    {
        var text = new StringBuilder();
        var pending = new List<char>();
        for (var i = 0; i < glyphs.Count; i++)
        {
            var glyph = glyphs[i];
            if (Combining(glyph) is { } mark)
            {
                if (i + 1 < glyphs.Count && Over(glyph, glyphs[i + 1]))
                {
                    pending.Add(mark);
                    continue;
                }
                if (i > 0 && Over(glyph, glyphs[i - 1]))
                {
                    text.Append(mark);
                    continue;
                }
            }
            text.Append(glyph.Value);
            foreach (var c in pending)
                text.Append(c);
            pending.Clear();
        }
        foreach (var c in pending)
            text.Append(c);
        return TextNormaliser.Nfkc(text.ToString());
    }

    /// <summary>The combining mark for a spacing accent glyph as TeX and others draw them; null for any other glyph.</summary>
    private static char? Combining(Letter letter) => letter.Value switch
    {
        "\u00A8" => '\u0308', // diaeresis
        "\u00B4" or "\u02CA" => '\u0301', // acute
        "`" or "\u02CB" => '\u0300', // grave
        "\u02C6" or "^" => '\u0302', // circumflex
        "\u02DC" or "~" => '\u0303', // tilde
        "\u00AF" or "\u02C9" => '\u0304', // macron
        "\u02D8" => '\u0306', // breve
        "\u02D9" => '\u0307', // dot above
        "\u02DA" => '\u030A', // ring above
        "\u02DD" => '\u030B', // double acute
        "\u02C7" => '\u030C', // caron
        "\u00B8" => '\u0327', // cedilla
        "\u02DB" => '\u0328', // ogonek
        _ => null,
    };

    /// <summary>Whether the accent is drawn over (or under) the letter: its centre within the letter's extent, not beside it.</summary>
    private static bool Over(Letter accent, Letter letter)
    {
        if (!char.IsLetter(letter.Value.FirstOrDefault()))
            return false;
        var a = accent.BoundingBox;
        var l = letter.BoundingBox;
        var centre = (a.Left + a.Right) / 2;
        var (left, right) = (Math.Min(l.Left, l.Right), Math.Max(l.Left, l.Right));
        var slack = 0.15 * (right - left);
        return centre >= left - slack && centre <= right + slack;
    }
}
