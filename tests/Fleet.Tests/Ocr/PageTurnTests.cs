using Fleet.Contracts.Results;
using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

public class PageTurnTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Undo_takes_a_turned_point_back_to_where_it_was(int quarterTurns)
    {
        var turn = new PageTurn(quarterTurns, 2550, 3300);
        var point = new SKPoint(400, 1200);

        var back = turn.Undo(turn.Apply(point));

        Assert.That((back.X, back.Y), Is.EqualTo((point.X, point.Y)));
    }

    [Test]
    public void A_quarter_turn_puts_the_left_margin_at_the_top()
    {
        var turn = new PageTurn(1, 2550, 3300);

        // The page's top-left corner goes to the top-right of the turned page, which is 3300 wide.
        Assert.That(turn.Apply(new SKPoint(0, 0)), Is.EqualTo(new SKPoint(3300, 0)));
        Assert.That(turn.TurnedSize, Is.EqualTo((3300, 2550)));
        // A wide line box in the turned frame is a tall box on the page.
        var box = turn.Undo(new Box(100, 200, 1000, 50));
        Assert.That((box.Width, box.Height), Is.EqualTo((50d, 1000d)));
        Assert.That((box.X, box.Y), Is.EqualTo((200d, 2200d)));
    }

    [Test]
    public void Sideways_is_decided_by_the_shape_of_the_lines()
    {
        static RotatedRect Line(float x, float y, bool tall) =>
            new(new SKPoint(x, y), tall ? new SKPoint(0, 1) : new SKPoint(1, 0), 1500, 40);
        RotatedRect[] upright = [Line(800, 300, false), Line(800, 360, false), Line(800, 420, false), Line(200, 900, true)];
        RotatedRect[] sideways = [Line(300, 800, true), Line(360, 800, true), Line(420, 800, true), Line(900, 200, false)];
        // Square-ish boxes (single letters, page numbers) say nothing either way.
        RotatedRect[] letters = [new(new SKPoint(5, 5), new SKPoint(0, 1), 40, 38), new(new SKPoint(50, 5), new SKPoint(0, 1), 40, 38)];

        Assert.That(PageOrientation.IsSideways(upright), Is.False);
        Assert.That(PageOrientation.IsSideways(sideways), Is.True);
        Assert.That(PageOrientation.IsSideways(letters), Is.False);
    }
}
