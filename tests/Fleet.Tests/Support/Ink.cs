using SkiaSharp;

namespace Fleet.Tests.Support;

/// <summary>Where the dark pixels of a rendered page are: enough to tell text from a blank or misplaced render.</summary>
public static class Ink
{
    public static int DarkPixels(SKBitmap bitmap) => DarkPixels(bitmap, new SKRectI(0, 0, bitmap.Width, bitmap.Height));

    public static int DarkPixels(SKBitmap bitmap, SKRectI region)
    {
        var count = 0;
        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 128)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>The smallest rectangle holding every dark pixel; empty for a blank page.</summary>
    public static SKRectI Bounds(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        var bytesPerPixel = bitmap.BytesPerPixel;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = pixels.Slice(y * bitmap.RowBytes, bitmap.Width * bytesPerPixel);
            for (var x = 0; x < bitmap.Width; x++)
            {
                // BGRA: a dark pixel is dark in every channel; green stands in for all three on black text.
                if (row[x * bytesPerPixel + 1] < 128)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0 ? SKRectI.Empty : new SKRectI(left, top, right + 1, bottom + 1);
    }

    public static byte[] Hash(SKBitmap bitmap) => System.Security.Cryptography.SHA256.HashData(bitmap.GetPixelSpan());
}
