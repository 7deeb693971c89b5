using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

/// <summary>Line crops reach a little past the detected box, so a clipped last full stop is read, but never into a neighbour's.</summary>
public class CropRoomTests
{
    private static RotatedRect Box(float left, float top, float width, float height) =>
        new(new SKPoint(left + width / 2, top + height / 2), new SKPoint(1, 0), width, height);

    [Test]
    public void A_lone_line_gets_room_at_both_ends_in_proportion_to_its_height()
    {
        var (left, right) = TextRecogniser.EndRooms([Box(100, 100, 1500, 40)])[0];
        Assert.That(left, Is.EqualTo(TextRecogniser.EndRoomRatio * 40).Within(1e-3));
        Assert.That(right, Is.EqualTo(TextRecogniser.EndRoomRatio * 40).Within(1e-3));
    }

    [Test]
    public void Two_boxes_in_one_row_take_at_most_half_the_gap_each()
    {
        // A two-column row with a 6-pixel gap: each side may reach 3 pixels towards the other, not 12.
        RotatedRect[] boxes = [Box(100, 100, 700, 40), Box(806, 102, 700, 40)];
        var rooms = TextRecogniser.EndRooms(boxes);
        var (_, firstRight) = rooms[0];
        var (secondLeft, secondRight) = rooms[1];
        Assert.That(firstRight, Is.EqualTo(3).Within(1e-3));
        Assert.That(secondLeft, Is.EqualTo(3).Within(1e-3));
        Assert.That(secondRight, Is.EqualTo(12).Within(1e-3), "nothing to the right of the second column");
    }

    [Test]
    public void Boxes_on_other_rows_do_not_limit_the_room()
    {
        RotatedRect[] boxes = [Box(100, 100, 700, 40), Box(802, 150, 700, 40)];
        Assert.That(TextRecogniser.EndRooms(boxes)[0].Right, Is.EqualTo(12).Within(1e-3));
    }
}
