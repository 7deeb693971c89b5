using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

public class SkewTests
{
    private static RotatedRect Line(float degrees, float width = 1500, float height = 40)
    {
        var radians = degrees * MathF.PI / 180;
        return new RotatedRect(new SKPoint(800, 500), new SKPoint(MathF.Cos(radians), MathF.Sin(radians)), width, height);
    }

    [Test]
    public void The_page_skew_is_the_median_angle_of_its_line_boxes()
    {
        RotatedRect[] boxes = [Line(1.9f), Line(2.0f), Line(2.1f), Line(-30, width: 50, height: 40), Line(2.0f)];

        Assert.That(PaddleOcrEngine.Skew(boxes) * 180 / Math.PI, Is.EqualTo(2.0).Within(0.01));
    }

    [Test]
    public void A_box_whose_axis_points_left_gives_the_same_angle_as_one_pointing_right()
    {
        var left = Line(2.0f) with { Axis = new SKPoint(-MathF.Cos(2 * MathF.PI / 180), -MathF.Sin(2 * MathF.PI / 180)) };

        Assert.That(PaddleOcrEngine.Skew([left]) * 180 / Math.PI, Is.EqualTo(2.0).Within(0.01));
    }

    [Test]
    public void Without_line_shaped_boxes_the_page_is_taken_as_straight()
    {
        Assert.That(PaddleOcrEngine.Skew([Line(10, width: 40, height: 40)]), Is.Zero);
        Assert.That(PaddleOcrEngine.Skew([]), Is.Zero);
    }
}
