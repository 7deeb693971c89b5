namespace Fleet.Engine.Ocr;

/// <summary>
/// Which way a page's text runs, from its detected boxes alone: on a page scanned sideways (90° or 270°) the text
/// lines are tall, narrow boxes. The detector finds text at any angle; only the recogniser needs it upright.
/// </summary>
internal static class PageOrientation
{
    /// <summary>A box counts as a line when its long side is at least this many times its short side.</summary>
    private const float LineAspect = 2.5f;

    /// <summary>Tall lines must outweigh wide ones by this much (total length), so a page with a few vertical labels stays upright.</summary>
    private const float Dominance = 2f;

    private const int MinLines = 3;

    public static bool IsSideways(IReadOnlyList<RotatedRect> boxes)
    {
        double tall = 0, wide = 0;
        var tallLines = 0;
        foreach (var box in boxes)
        {
            var (longSide, shortSide) = box.Width >= box.Height ? (box.Width, box.Height) : (box.Height, box.Width);
            if (shortSide <= 0 || longSide < LineAspect * shortSide)
                continue;
            // The direction of the long side: the box's axis, or its normal when the box is taller than wide.
            var (dx, dy) = box.Width >= box.Height ? (box.Axis.X, box.Axis.Y) : (-box.Axis.Y, box.Axis.X);
            if (Math.Abs(dy) > Math.Abs(dx))
            {
                tall += longSide;
                tallLines++;
            }
            else
            {
                wide += longSide;
            }
        }
        return tallLines >= MinLines && tall > Dominance * wide;
    }
}
