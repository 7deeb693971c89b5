using Fleet.Engine.Ocr;
using SkiaSharp;

namespace Fleet.Tests.Ocr;

public class BoxGeometryTests
{
    [Test]
    public void Min_area_rect_of_axis_aligned_points_is_their_bounding_box()
    {
        SKPoint[] points = [new(10, 20), new(50, 20), new(50, 30), new(10, 30), new(30, 25), new(20, 22)];

        var rect = MinAreaRect.OfPoints(points);

        Assert.That(rect.Width, Is.EqualTo(40).Within(1e-3));
        Assert.That(rect.Height, Is.EqualTo(10).Within(1e-3));
        Assert.That(rect.Center.X, Is.EqualTo(30).Within(1e-3));
        Assert.That(rect.Center.Y, Is.EqualTo(25).Within(1e-3));
        Assert.That(Math.Abs(rect.Axis.Y), Is.LessThan(1e-6));
    }

    [Test]
    public void Min_area_rect_finds_the_angle_of_a_rotated_rectangle()
    {
        // A 40×10 rectangle turned by 30°, with points on its edges and inside.
        var angle = Math.PI / 6;
        var axis = new SKPoint((float)Math.Cos(angle), (float)Math.Sin(angle));
        var normal = new SKPoint(-axis.Y, axis.X);
        var points = new List<SKPoint>();
        for (var u = -20; u <= 20; u += 5)
        for (var v = -5; v <= 5; v += 5)
            points.Add(new SKPoint(100 + axis.X * u + normal.X * v, 100 + axis.Y * u + normal.Y * v));

        var rect = MinAreaRect.OfPoints(points.ToArray());

        Assert.That(rect.Width, Is.EqualTo(40).Within(1e-2));
        Assert.That(rect.Height, Is.EqualTo(10).Within(1e-2));
        Assert.That(Math.Atan2(rect.Axis.Y, rect.Axis.X), Is.EqualTo(angle).Within(1e-3));
    }

    [Test]
    public void Convex_hull_drops_interior_points()
    {
        SKPoint[] points = [new(0, 0), new(4, 0), new(4, 4), new(0, 4), new(2, 2), new(1, 3)];
        var hull = new SKPoint[points.Length + 1];

        var n = MinAreaRect.ConvexHull(points, hull);

        Assert.That(n, Is.EqualTo(4));
        Assert.That(hull.Take(n), Does.Not.Contain(new SKPoint(2, 2)));
    }

    [Test]
    public void Unclip_grows_each_side_by_area_times_ratio_over_perimeter()
    {
        var rect = new RotatedRect(new SKPoint(50, 50), new SKPoint(1, 0), 100, 20);

        var grown = DbPostProcessor.Unclip(rect, 1.5f);

        // d = 100·20·1.5 / (2·(100+20)) = 12.5 on every side.
        Assert.That(grown.Width, Is.EqualTo(125).Within(1e-4));
        Assert.That(grown.Height, Is.EqualTo(45).Within(1e-4));
        Assert.That(grown.Center, Is.EqualTo(rect.Center));
    }

    [Test]
    public void Ordered_corners_read_left_to_right_from_top_left()
    {
        var rect = new RotatedRect(new SKPoint(50, 50), new SKPoint(1, 0), 100, 20);

        var (tl, tr, br, bl) = rect.OrderedCorners();

        Assert.That((tl, tr, br, bl), Is.EqualTo((new SKPoint(0, 40), new SKPoint(100, 40), new SKPoint(100, 60), new SKPoint(0, 60))));
    }

    [Test]
    public void Db_post_processing_finds_one_box_per_blob_and_unclips_it()
    {
        const int width = 64, height = 32;
        var map = new float[width * height];
        for (var y = 10; y <= 15; y++)
        for (var x = 5; x <= 40; x++)
            map[y * width + x] = 0.9f;
        map[2 * width + 60] = 0.9f; // a lone pixel is too small to be text

        var boxes = new DbPostProcessor(0.3f, 0.6f, 1.5f).Process(map, width, height);

        Assert.That(boxes, Has.Count.EqualTo(1));
        var d = 35f * 5f * 1.5f / (2 * (35f + 5f));
        Assert.That(boxes[0].Width, Is.EqualTo(35 + 2 * d).Within(1e-3));
        Assert.That(boxes[0].Height, Is.EqualTo(5 + 2 * d).Within(1e-3));
        Assert.That(boxes[0].Center.X, Is.EqualTo(22.5).Within(1e-3));
        Assert.That(boxes[0].Center.Y, Is.EqualTo(12.5).Within(1e-3));
    }

    [Test]
    public void Detector_input_is_capped_and_rounded_to_multiples_of_32()
    {
        Assert.That(TextDetector.InputSize(2550, 3300, 960), Is.EqualTo((736, 960)));
        Assert.That(TextDetector.InputSize(100, 50, 960), Is.EqualTo((96, 64)));
    }
}
