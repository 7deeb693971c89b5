using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>Convex hull and minimum-area enclosing rectangle (rotating calipers) of a point set.</summary>
internal static class MinAreaRect
{
    /// <summary>
    /// Sorts <paramref name="points"/> in place and writes their convex hull, in order around it, to
    /// <paramref name="hull"/>, which needs room for points.Length + 1. Returns the hull's length.
    /// </summary>
    public static int ConvexHull(Span<SKPoint> points, Span<SKPoint> hull)
    {
        if (points.Length < 3)
        {
            points.CopyTo(hull);
            return points.Length;
        }

        points.Sort(static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));

        // Andrew's monotone chain: lower hull then upper hull, dropping collinear points.
        var k = 0;
        for (var i = 0; i < points.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
                k--;
            hull[k++] = points[i];
        }
        for (int i = points.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0)
                k--;
            hull[k++] = points[i];
        }
        return k - 1;
    }

    /// <summary>The smallest-area rectangle containing a convex polygon; one of its sides lies along a hull edge.</summary>
    public static RotatedRect OfHull(ReadOnlySpan<SKPoint> hull)
    {
        if (hull.Length == 0)
            return default;
        if (hull.Length == 1)
            return new RotatedRect(hull[0], new SKPoint(1, 0), 0, 0);

        var bestArea = double.MaxValue;
        RotatedRect best = default;
        for (var i = 0; i < hull.Length; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Length];
            double ex = b.X - a.X, ey = b.Y - a.Y;
            var length = Math.Sqrt(ex * ex + ey * ey);
            if (length < 1e-9)
                continue;
            ex /= length;
            ey /= length;

            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                var u = p.X * ex + p.Y * ey;
                var v = -p.X * ey + p.Y * ex;
                minU = Math.Min(minU, u);
                maxU = Math.Max(maxU, u);
                minV = Math.Min(minV, v);
                maxV = Math.Max(maxV, v);
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                var cu = (minU + maxU) / 2;
                var cv = (minV + maxV) / 2;
                var center = new SKPoint((float)(cu * ex - cv * ey), (float)(cu * ey + cv * ex));
                best = Canonical(center, ex, ey, (float)(maxU - minU), (float)(maxV - minV));
            }
        }
        return best;
    }

    /// <summary>Rectangle of a point set: hull first, then calipers.</summary>
    public static RotatedRect OfPoints(ReadOnlySpan<SKPoint> points)
    {
        var copy = points.ToArray();
        var hull = new SKPoint[copy.Length + 1];
        var n = ConvexHull(copy, hull);
        return OfHull(hull.AsSpan(0, n));
    }

    private static double Cross(SKPoint o, SKPoint a, SKPoint b) =>
        (double)(a.X - o.X) * (b.Y - o.Y) - (double)(a.Y - o.Y) * (b.X - o.X);

    /// <summary>Picks the axis closest to horizontal (pointing right) as the width, so text boxes read left to right.</summary>
    private static RotatedRect Canonical(SKPoint center, double ex, double ey, float width, float height)
    {
        if (Math.Abs(ex) < Math.Abs(ey))
        {
            (ex, ey) = (-ey, ex);
            (width, height) = (height, width);
        }
        if (ex < 0)
        {
            ex = -ex;
            ey = -ey;
        }
        return new RotatedRect(center, new SKPoint((float)ex, (float)ey), width, height);
    }
}
