using Fleet.Contracts.Results;
using Fleet.Engine.Layout;

namespace Fleet.Tests.Layout;

public class ReadingOrderTests
{
    /// <summary>One segment per word, laid out like a PDF text layer in points: 10 pt words, 12 pt leading.</summary>
    private static List<LineResult> WordsOfLine(string text, double x, double y, double height = 10, double charWidth = 5)
    {
        var segments = new List<LineResult>();
        foreach (var word in text.Split(' '))
        {
            var box = new Box(x, y, word.Length * charWidth, height);
            segments.Add(new LineResult(word, box, 0.9, [new WordResult(word, box, 0.9)]));
            x += box.Width + charWidth; // a word gap of one character
        }
        return segments;
    }

    private static List<LineResult> Shuffle(List<LineResult> segments) =>
        segments.OrderBy(s => s.Text.GetHashCode(StringComparison.Ordinal) ^ (int)s.Box.Y).ToList();

    [Test]
    public void Words_of_a_single_column_become_lines_top_to_bottom()
    {
        var segments = new List<LineResult>();
        segments.AddRange(WordsOfLine("the quick brown fox", 72, 100));
        segments.AddRange(WordsOfLine("jumps over the", 72, 112));
        segments.AddRange(WordsOfLine("lazy dog", 72, 124));

        var lines = ReadingOrder.Arrange(Shuffle(segments));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "the quick brown fox", "jumps over the", "lazy dog" }));
        Assert.That(lines[1].Words.Select(w => w.Text), Is.EqualTo(new[] { "jumps", "over", "the" }));
        Assert.That(lines[0].Box, Is.EqualTo(new Box(72, 100, 19 * 5, 10)));
    }

    [Test]
    public void Words_with_slightly_different_baselines_stay_on_one_line()
    {
        var segments = WordsOfLine("E equals m c squared", 72, 100);
        segments[3] = segments[3] with { Box = segments[3].Box with { Y = 97, Height = 7 } };

        var lines = ReadingOrder.Arrange(segments);

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "E equals m c squared" }));
    }

    [Test]
    public void Two_columns_read_left_column_then_right_column_after_a_full_width_title()
    {
        var segments = new List<LineResult>();
        segments.AddRange(WordsOfLine("A title that runs across both of the columns of the page", 72, 60, height: 14, charWidth: 7));
        for (var i = 0; i < 5; i++)
        {
            segments.AddRange(WordsOfLine($"left line {i} of text", 72, 100 + 12 * i));
            segments.AddRange(WordsOfLine($"right line {i} of text", 320, 100 + 12 * i));
        }

        var lines = ReadingOrder.Arrange(Shuffle(segments));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "A title that runs across both of the columns of the page",
            "left line 0 of text", "left line 1 of text", "left line 2 of text", "left line 3 of text", "left line 4 of text",
            "right line 0 of text", "right line 1 of text", "right line 2 of text", "right line 3 of text", "right line 4 of text",
        }));
    }

    [Test]
    public void Two_columns_with_offset_baselines_and_a_gap_in_one_column_still_read_column_by_column()
    {
        var segments = new List<LineResult>();
        for (var i = 0; i < 6; i++)
        {
            segments.AddRange(WordsOfLine($"left column {i}", 72, 100 + 12 * i));
            if (i != 2)
                segments.AddRange(WordsOfLine($"right column {i}", 320, 106 + 12 * i));
        }
        segments.AddRange(WordsOfLine("a footer line that spans the whole width of the page at the bottom", 72, 200));

        var lines = ReadingOrder.Arrange(segments);

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "left column 0", "left column 1", "left column 2", "left column 3", "left column 4", "left column 5",
            "right column 0", "right column 1", "right column 3", "right column 4", "right column 5",
            "a footer line that spans the whole width of the page at the bottom",
        }));
    }

    [Test]
    public void Bullets_set_apart_from_their_items_do_not_form_a_column()
    {
        var segments = new List<LineResult>();
        for (var i = 0; i < 4; i++)
        {
            segments.AddRange(WordsOfLine("•", 72, 100 + 12 * i));
            segments.AddRange(WordsOfLine($"item number {i} of the list", 90, 100 + 12 * i));
        }

        var lines = ReadingOrder.Arrange(Shuffle(segments));

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(Enumerable.Range(0, 4).Select(i => $"• item number {i} of the list")));
    }

    [Test]
    public void Ocr_line_boxes_in_pixels_of_a_two_column_page_read_column_by_column()
    {
        // Whole-line segments as the detector gives them at 300 DPI: 65 px tall, 2 columns of 900 px, 150 px gutter.
        var segments = new List<LineResult>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var (name, x) in new[] { ("left", 300.0), ("right", 1350.0) })
            {
                var box = new Box(x, 400 + 80 * i, 880, 65);
                segments.Add(new LineResult($"{name} {i}", box, 0.95, [new WordResult($"{name} {i}", box, 0.95)]));
            }
        }

        var lines = ReadingOrder.Arrange(segments);

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "left 0", "left 1", "left 2", "right 0", "right 1", "right 2" }));
    }

    [Test]
    public void Merged_line_has_union_box_and_confidence_weighted_by_length()
    {
        LineResult[] segments =
        [
            new("bb", new Box(300, 10, 200, 50), 0.5, [new WordResult("bb", new Box(300, 10, 200, 50), 0.5)]),
            new("aaaaaa", new Box(0, 12, 250, 50), 0.9, [new WordResult("aaaaaa", new Box(0, 12, 250, 50), 0.9)]),
        ];

        var lines = ReadingOrder.Arrange(segments);

        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].Text, Is.EqualTo("aaaaaa bb"));
        Assert.That(lines[0].Box, Is.EqualTo(new Box(0, 10, 500, 52)));
        Assert.That(lines[0].Confidence, Is.EqualTo((0.9 * 6 + 0.5 * 2) / 8).Within(1e-9));
        Assert.That(lines[0].Words.Select(w => w.Text), Is.EqualTo(new[] { "aaaaaa", "bb" }));
    }

    [Test]
    public void Empty_input_gives_no_lines()
    {
        Assert.That(ReadingOrder.Arrange([]), Is.Empty);
    }

    [Test]
    public void On_a_tilted_scan_the_short_last_line_of_a_paragraph_follows_the_line_above_it()
    {
        // OCR line boxes in pixels on a page scanned 2° clockwise: a 2000-pixel line falls 70 pixels from end to end,
        // so its axis-aligned box is 110 high, and the short line below it starts level with that box's middle.
        var skew = 2 * Math.PI / 180;
        LineResult Line(string text, double x, double y, double length)
        {
            var box = new Box(x, y, length, 40 + length * Math.Tan(skew));
            return new LineResult(text, box, 0.9, [new WordResult(text, box, 0.9)]);
        }
        var segments = new List<LineResult>
        {
            Line("summary of the findings is given in Table 2 and the raw data in Appendix", 100, 100, 2000),
            Line("B.", 100 - 60 * Math.Sin(skew), 170, 60),
        };

        Assert.That(ReadingOrder.Arrange(segments), Has.Count.EqualTo(1), "read as one row without the skew");
        Assert.That(ReadingOrder.Arrange(segments, skew).Select(l => l.Text), Is.EqualTo(new[]
        {
            "summary of the findings is given in Table 2 and the raw data in Appendix", "B.",
        }));
    }
}
