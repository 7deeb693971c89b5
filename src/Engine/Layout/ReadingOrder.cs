using Fleet.Contracts.Results;

namespace Fleet.Engine.Layout;

/// <summary>
/// Puts text segments (OCR line boxes, or single words from a PDF text layer) into reading order and joins the ones
/// on the same visual line of the same column. Only relative geometry is used, so pixels and PDF points both work.
/// </summary>
/// <remarks>
/// A simplified XY-cut: segments are grouped into rows by their vertical centres; runs of at least two consecutive
/// rows that share a vertical whitespace gutter form a column block, read column by column (each column recursively);
/// other rows are read top to bottom. A full-width title above two columns crosses the gutter, so it stays a row of
/// its own and comes first.
/// </remarks>
public static class ReadingOrder
{
    /// <summary>Segments whose vertical centres are closer than this many median heights share a row.</summary>
    private const double RowTolerance = 0.5;

    /// <summary>
    /// A gutter is a gap no segment crosses, wider than this many median heights. Word gaps are a fraction of a
    /// height; column gutters are one to several.
    /// </summary>
    private const double MinGutter = 1.2;

    /// <summary>
    /// Columns narrower than this many median heights are not split off: a strip of bullets or line numbers beside
    /// the text belongs to its lines, it is not a column to be read on its own.
    /// </summary>
    private const double MinColumnWidth = 4;

    /// <param name="segments">Boxes in any order.</param>
    /// <param name="skew">
    /// The page's text angle in radians (positive: lines fall to the right, in y-down coordinates). Rows are formed in
    /// the straightened frame, so the end of one tilted line and the start of the next are not taken for one row.
    /// </param>
    public static IReadOnlyList<LineResult> Arrange(IReadOnlyList<LineResult> segments, double skew = 0)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
            return [];

        var lineHeight = MedianHeight(segments, skew);
        var lines = new List<LineResult>();
        ArrangeRegion(segments.ToList(), lineHeight, new Straightener(skew), lines);
        return lines;
    }

    private static void ArrangeRegion(List<LineResult> segments, double lineHeight, Straightener straighten, List<LineResult> lines)
    {
        var rows = Rows(segments, lineHeight, straighten);
        var i = 0;
        while (i < rows.Count)
        {
            var end = i;
            List<(double Left, double Right)> gutters = [];
            while (end + 1 < rows.Count)
            {
                var found = Gutters(rows.Skip(i).Take(end + 2 - i).SelectMany(r => r), lineHeight, straighten);
                if (found.Count == 0)
                    break;
                gutters = found;
                end++;
            }

            if (end == i)
            {
                lines.Add(Merge(rows[i]));
                i++;
                continue;
            }

            var block = rows.Skip(i).Take(end + 1 - i).SelectMany(r => r).ToList();
            foreach (var column in SplitColumns(block, gutters, straighten))
                ArrangeRegion(column, lineHeight, straighten, lines);
            i = end + 1;
        }
    }

    /// <summary>Rows top to bottom, each a list of segments sorted left to right.</summary>
    private static List<List<LineResult>> Rows(List<LineResult> segments, double lineHeight, Straightener straighten)
    {
        var rows = new List<List<LineResult>>();
        double rowCentre = 0;
        foreach (var (segment, centre) in segments.Select(s => (s, straighten.Y(s.Box))).OrderBy(p => p.Item2))
        {
            if (rows.Count > 0 && Math.Abs(centre - rowCentre) <= RowTolerance * lineHeight)
            {
                var row = rows[^1];
                row.Add(segment);
                rowCentre += (centre - rowCentre) / row.Count;
            }
            else
            {
                rows.Add([segment]);
                rowCentre = centre;
            }
        }
        foreach (var row in rows)
            row.Sort((a, b) => straighten.X(a.Box).CompareTo(straighten.X(b.Box)));
        return rows;
    }

    /// <summary>Box centres rotated back by the page's skew: along a tilted line, the straightened Y stays the same.</summary>
    private readonly struct Straightener(double skew)
    {
        private readonly double _cos = Math.Cos(skew);
        private readonly double _sin = Math.Sin(skew);

        public double Y(Box box) => box.CenterY * _cos - (box.X + box.Width / 2) * _sin;

        public double X(Box box) => box.X * _cos + box.CenterY * _sin;

        /// <summary>The box's right edge in the straightened frame (to a few pixels for a long line at 5°).</summary>
        public double Right(Box box) => box.Right * _cos + box.CenterY * _sin;
    }

    /// <summary>
    /// Horizontal gaps inside the segments' extent that no segment crosses, wide enough, and with wide enough text on
    /// both sides. Measured in the straightened frame: on a page skewed by 5° a column's left edge drifts by more than
    /// a gutter's width from its top to its bottom.
    /// </summary>
    private static List<(double Left, double Right)> Gutters(IEnumerable<LineResult> segments, double lineHeight, Straightener straighten)
    {
        var gutters = new List<(double Left, double Right)>();
        double? start = null;
        double? reach = null;
        foreach (var (left, right) in segments.Select(s => (Left: straighten.X(s.Box), Right: straighten.Right(s.Box))).OrderBy(b => b.Left))
        {
            start ??= left;
            if (reach is { } r && left - r >= MinGutter * lineHeight)
            {
                var columnStart = gutters.Count > 0 ? gutters[^1].Right : start.Value;
                if (r - columnStart >= MinColumnWidth * lineHeight)
                    gutters.Add((r, left));
            }
            reach = reach is { } current ? Math.Max(current, right) : right;
        }
        if (gutters.Count > 0 && reach - gutters[^1].Right < MinColumnWidth * lineHeight)
            gutters.RemoveAt(gutters.Count - 1);
        return gutters;
    }

    private static IEnumerable<List<LineResult>> SplitColumns(List<LineResult> block, List<(double Left, double Right)> gutters, Straightener straighten)
    {
        var columns = new List<LineResult>[gutters.Count + 1];
        for (var c = 0; c < columns.Length; c++)
            columns[c] = [];
        foreach (var segment in block)
        {
            var column = 0;
            while (column < gutters.Count && straighten.X(segment.Box) >= gutters[column].Right)
                column++;
            columns[column].Add(segment);
        }
        return columns.Where(c => c.Count > 0);
    }

    private static LineResult Merge(List<LineResult> row)
    {
        if (row.Count == 1)
            return row[0];

        var box = row[0].Box;
        double weightedConfidence = 0, weight = 0;
        var words = new List<WordResult>();
        foreach (var segment in row)
        {
            box = Box.Union(box, segment.Box);
            var w = Math.Max(1, segment.Text.Length);
            weightedConfidence += segment.Confidence * w;
            weight += w;
            words.AddRange(segment.Words);
        }
        var text = string.Join(' ', row.Select(s => s.Text.Trim()).Where(t => t.Length > 0));
        return new LineResult(text, box, weightedConfidence / weight, words);
    }

    /// <summary>
    /// The median height of the segments' text, not of their axis-aligned boxes: a long line tilted by the page's skew
    /// has a box far taller than its letters (a 1,950-px line at 5° is 230 px high for 60 px of text), and rows that
    /// tall would swallow the lines above and below. For a rectangle of width w and height h turned by θ, the box is
    /// W = w cos θ + h sin θ by H = w sin θ + h cos θ, so h = (H cos θ − W sin θ) / cos 2θ.
    /// </summary>
    private static double MedianHeight(IReadOnlyList<LineResult> segments, double skew)
    {
        var (sin, cos) = (Math.Abs(Math.Sin(skew)), Math.Cos(skew));
        var cos2 = Math.Cos(2 * skew);
        var heights = segments
            .Select(s => cos2 > 0.5 ? (s.Box.Height * cos - s.Box.Width * sin) / cos2 : s.Box.Height)
            // A box the skew does not fit (an angle misjudged on a near-square box) comes out tiny or negative: its own
            // height is the better guess then. A 1,950-px line at 5° is rightly a quarter of its box's height.
            .Select((h, i) => h >= 0.1 * segments[i].Box.Height ? h : segments[i].Box.Height)
            .Where(h => h > 0)
            .Order()
            .ToArray();
        return heights.Length == 0 ? 1 : heights[heights.Length / 2];
    }
}
