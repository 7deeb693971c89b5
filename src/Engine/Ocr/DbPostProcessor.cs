using System.Buffers;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// Turns the DB detector's probability map into text boxes: threshold, 8-connected components, convex hull,
/// minimum-area rectangle, score, unclip. Coordinates are in the map's pixels.
/// </summary>
internal sealed class DbPostProcessor(float threshold, float boxThreshold, float unclipRatio)
{
    private const float MinSide = 3;
    private const float MinSideAfterUnclip = MinSide + 2;

    public List<RotatedRect> Process(ReadOnlySpan<float> map, int width, int height)
    {
        var boxes = new List<RotatedRect>();
        var size = width * height;
        var visited = ArrayPool<bool>.Shared.Rent(size);
        var stack = ArrayPool<int>.Shared.Rent(size);
        // Per row of a component only its leftmost and rightmost pixels can be on the hull.
        var rowMin = ArrayPool<int>.Shared.Rent(height);
        var rowMax = ArrayPool<int>.Shared.Rent(height);
        var candidates = ArrayPool<SKPoint>.Shared.Rent(2 * height);
        var hull = ArrayPool<SKPoint>.Shared.Rent(2 * height + 1);
        try
        {
            Array.Clear(visited, 0, size);
            Array.Fill(rowMin, int.MaxValue, 0, height);
            Array.Fill(rowMax, int.MinValue, 0, height);
            for (var start = 0; start < size; start++)
            {
                if (visited[start] || map[start] <= threshold)
                    continue;

                var (top, bottom) = FloodFill(map, width, height, start, visited, stack, rowMin, rowMax);
                var n = 0;
                for (var y = top; y <= bottom; y++)
                {
                    if (rowMin[y] == int.MaxValue)
                        continue;
                    candidates[n++] = new SKPoint(rowMin[y], y);
                    if (rowMax[y] != rowMin[y])
                        candidates[n++] = new SKPoint(rowMax[y], y);
                    rowMin[y] = int.MaxValue;
                    rowMax[y] = int.MinValue;
                }

                var hullLength = MinAreaRect.ConvexHull(candidates.AsSpan(0, n), hull);
                var rect = MinAreaRect.OfHull(hull.AsSpan(0, hullLength));
                if (rect.ShortSide < MinSide)
                    continue;
                if (MeanInside(map, width, height, rect) < boxThreshold)
                    continue;
                var grown = Unclip(rect, unclipRatio);
                if (grown.ShortSide < MinSideAfterUnclip)
                    continue;
                boxes.Add(grown);
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(visited);
            ArrayPool<int>.Shared.Return(stack);
            ArrayPool<int>.Shared.Return(rowMin);
            ArrayPool<int>.Shared.Return(rowMax);
            ArrayPool<SKPoint>.Shared.Return(candidates);
            ArrayPool<SKPoint>.Shared.Return(hull);
        }
        return boxes;
    }

    /// <summary>The DB "unclip": the detector predicts a shrunk kernel, grown back by area × ratio / perimeter.</summary>
    public static RotatedRect Unclip(RotatedRect rect, float ratio)
    {
        var perimeter = rect.Perimeter;
        return perimeter <= 0 ? rect : rect.Expand(rect.Area * ratio / perimeter);
    }

    /// <summary>Mean probability over the map's pixels inside the rectangle (PaddleOCR's "fast" box score).</summary>
    public static float MeanInside(ReadOnlySpan<float> map, int width, int height, RotatedRect rect)
    {
        var bounds = rect.Bounds(width - 1, height - 1);
        int left = (int)MathF.Floor(bounds.Left), right = (int)MathF.Ceiling(bounds.Right);
        int top = (int)MathF.Floor(bounds.Top), bottom = (int)MathF.Ceiling(bounds.Bottom);
        double sum = 0;
        var count = 0;
        for (var y = top; y <= bottom; y++)
        {
            var row = map.Slice(y * width, width);
            for (var x = left; x <= right; x++)
            {
                if (!rect.Contains(x, y, 0.5f))
                    continue;
                sum += row[x];
                count++;
            }
        }
        return count == 0 ? 0 : (float)(sum / count);
    }

    private (int Top, int Bottom) FloodFill(
        ReadOnlySpan<float> map, int width, int height, int start, bool[] visited, int[] stack, int[] rowMin, int[] rowMax)
    {
        var top = int.MaxValue;
        var bottom = int.MinValue;
        var sp = 0;
        stack[sp++] = start;
        visited[start] = true;
        while (sp > 0)
        {
            var index = stack[--sp];
            var y = index / width;
            var x = index - y * width;
            if (x < rowMin[y]) rowMin[y] = x;
            if (x > rowMax[y]) rowMax[y] = x;
            if (y < top) top = y;
            if (y > bottom) bottom = y;

            for (var dy = -1; dy <= 1; dy++)
            {
                var ny = y + dy;
                if ((uint)ny >= (uint)height)
                    continue;
                for (var dx = -1; dx <= 1; dx++)
                {
                    var nx = x + dx;
                    if ((uint)nx >= (uint)width)
                        continue;
                    var next = ny * width + nx;
                    if (visited[next] || map[next] <= threshold)
                        continue;
                    visited[next] = true;
                    stack[sp++] = next;
                }
            }
        }
        return (top, bottom);
    }
}
