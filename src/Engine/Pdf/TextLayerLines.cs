using Fleet.Contracts.Results;
using Fleet.Engine.Layout;

namespace Fleet.Engine.Pdf;

/// <summary>
/// Lines of a text-layer page. Manuals and most generated PDFs draw their text in reading order, line by line and
/// column after column; that order is kept (as pdftotext keeps it), so a code listing's double spaces or a table of
/// contents' leaders are not taken for column gutters. A page drawn in some other order is put in order geometrically
/// by <see cref="ReadingOrder"/>, as OCR'd lines are. Not handled: two columns drawn a row at a time across the
/// gutter (each row then reads as one line, left column first).
/// </summary>
internal static class TextLayerLines
{
    /// <summary>Words whose vertical centres are within this share of their height continue the same line.</summary>
    private const double SameLine = 0.5;

    public static IReadOnlyList<LineResult> Arrange(IReadOnlyList<WordResult> words)
    {
        if (words.Count == 0)
            return [];
        var lines = new List<List<WordResult>>();
        foreach (var word in words)
        {
            if (lines.Count > 0 && Continues(lines[^1][^1], word))
                lines[^1].Add(word);
            else
                lines.Add([word]);
        }
        var arranged = DrawnInReadingOrder(lines)
            ? lines.Select(Line).ToList()
            : ReadingOrder.Arrange(words.Select(w => new LineResult(w.Text, w.Box, w.Confidence, [w])).ToList()).ToList();
        Dehyphenate(arranged);
        return arranged;
    }

    /// <summary>The next word drawn is on the same row, further right.</summary>
    private static bool Continues(WordResult previous, WordResult next)
    {
        var height = Math.Max(previous.Box.Height, next.Box.Height);
        return Math.Abs(next.Box.CenterY - previous.Box.CenterY) <= SameLine * height && next.Box.X >= previous.Box.Right - 0.5 * height;
    }

    /// <summary>
    /// Few jumps back up the page: one per column, and a running header or footer drawn out of turn. A page drawn in
    /// fragments, a line here and a line there, jumps at almost every line.
    /// </summary>
    private static bool DrawnInReadingOrder(List<List<WordResult>> lines)
    {
        var upward = 0;
        for (var i = 1; i < lines.Count; i++)
        {
            var before = lines[i - 1][0].Box;
            var after = lines[i][0].Box;
            if (after.CenterY < before.CenterY - SameLine * Math.Max(before.Height, after.Height))
                upward++;
        }
        return upward <= 3 + lines.Count / 20;
    }

    /// <summary>
    /// A word hyphenated at the end of a line is read whole, at the end of that line, as pdftotext reads it (so a search
    /// for "commands" finds "com-" + "mands"). Only the lines' text changes: their words keep the glyphs as drawn.
    /// </summary>
    private static void Dehyphenate(List<LineResult> lines)
    {
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            var (line, next) = (lines[i], lines[i + 1]);
            var text = line.Text;
            if (text.Length < 3 || text[^1] != '-' || !char.IsLower(text[^2]) || next.Text.Length == 0 || !char.IsLower(next.Text[0])
                || Math.Abs(next.Box.X - line.Box.X) > 2 * line.Box.Height)
                continue;
            var cut = next.Text.IndexOf(' ');
            var (rest, tail) = cut < 0 ? ("", next.Text) : (next.Text[(cut + 1)..], next.Text[..cut]);
            lines[i] = line with { Text = text[..^1] + tail };
            lines[i + 1] = next with { Text = rest };
        }
    }

    private static LineResult Line(IReadOnlyList<WordResult> words)
    {
        var box = words[0].Box;
        foreach (var word in words)
            box = Box.Union(box, word.Box);
        return new LineResult(string.Join(' ', words.Select(w => w.Text)), box, 1.0, words);
    }
}
