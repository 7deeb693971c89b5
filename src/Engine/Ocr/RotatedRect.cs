using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>A rectangle at any angle: centre, unit vector along its width, and its side lengths.</summary>
internal readonly record struct RotatedRect(SKPoint Center, SKPoint Axis, float Width, float Height)
{
    public float ShortSide => Math.Min(Width, Height);

    public float Area => Width * Height;

    public float Perimeter => 2 * (Width + Height);

    /// <summary>
    /// Grows every side outwards by <paramref name="distance"/>. For a rectangle this is exactly the minimum-area
    /// rectangle of a round-joined polygon offset (what PaddleOCR's pyclipper unclip followed by minAreaRect gives).
    /// </summary>
    public RotatedRect Expand(float distance) => this with { Width = Width + 2 * distance, Height = Height + 2 * distance };

    public RotatedRect Scale(float sx, float sy)
    {
        var normal = new SKPoint(-Axis.Y, Axis.X);
        var along = new SKPoint(Axis.X * Width * sx, Axis.Y * Width * sy);
        var across = new SKPoint(normal.X * Height * sx, normal.Y * Height * sy);
        var width = along.Length;
        // Non-uniform scaling shears a tilted rectangle slightly; page text is near axis-aligned so this is negligible.
        return new RotatedRect(
            new SKPoint(Center.X * sx, Center.Y * sy),
            width > 0 ? new SKPoint(along.X / width, along.Y / width) : Axis,
            width,
            across.Length);
    }

    /// <summary>
    /// Corners as top-left, top-right, bottom-right, bottom-left in the way PaddleOCR orders them (two leftmost by x,
    /// upper of those first), so a crop reads left to right whichever way the rectangle's own axis points.
    /// </summary>
    public (SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft) OrderedCorners()
    {
        Span<SKPoint> corners = stackalloc SKPoint[4];
        var u = new SKPoint(Axis.X * Width / 2, Axis.Y * Width / 2);
        var v = new SKPoint(-Axis.Y * Height / 2, Axis.X * Height / 2);
        corners[0] = Center - u - v;
        corners[1] = Center + u - v;
        corners[2] = Center + u + v;
        corners[3] = Center - u + v;
        SortByX(corners);
        var (topLeft, bottomLeft) = corners[0].Y <= corners[1].Y ? (corners[0], corners[1]) : (corners[1], corners[0]);
        var (topRight, bottomRight) = corners[2].Y <= corners[3].Y ? (corners[2], corners[3]) : (corners[3], corners[2]);
        return (topLeft, topRight, bottomRight, bottomLeft);
    }

    /// <summary>
    /// The same rectangle with its width along the side closest to horizontal, pointing right, as the detector gives
    /// boxes (see <see cref="MinAreaRect"/>): after a page turn a line's long side is horizontal again.
    /// </summary>
    public RotatedRect Canonical()
    {
        var (ex, ey, width, height) = Math.Abs(Axis.X) < Math.Abs(Axis.Y) ? (-Axis.Y, Axis.X, Height, Width) : (Axis.X, Axis.Y, Width, Height);
        return ex < 0 ? new RotatedRect(Center, new SKPoint(-ex, -ey), width, height) : new RotatedRect(Center, new SKPoint(ex, ey), width, height);
    }

    /// <summary>The axis-aligned bounds, clipped to a page of the given size.</summary>
    public SKRect Bounds(float pageWidth, float pageHeight)
    {
        var (a, b, c, d) = OrderedCorners();
        var left = Math.Clamp(Math.Min(Math.Min(a.X, b.X), Math.Min(c.X, d.X)), 0, pageWidth);
        var right = Math.Clamp(Math.Max(Math.Max(a.X, b.X), Math.Max(c.X, d.X)), 0, pageWidth);
        var top = Math.Clamp(Math.Min(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)), 0, pageHeight);
        var bottom = Math.Clamp(Math.Max(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)), 0, pageHeight);
        return new SKRect(left, top, right, bottom);
    }

    /// <summary>Whether a point lies inside, with a tolerance in the same units.</summary>
    public bool Contains(float x, float y, float tolerance)
    {
        var dx = x - Center.X;
        var dy = y - Center.Y;
        var along = dx * Axis.X + dy * Axis.Y;
        var across = -dx * Axis.Y + dy * Axis.X;
        return Math.Abs(along) <= Width / 2 + tolerance && Math.Abs(across) <= Height / 2 + tolerance;
    }

    private static void SortByX(Span<SKPoint> points)
    {
        for (var i = 1; i < points.Length; i++)
        {
            var p = points[i];
            var j = i - 1;
            while (j >= 0 && points[j].X > p.X)
            {
                points[j + 1] = points[j];
                j--;
            }
            points[j + 1] = p;
        }
    }
}
