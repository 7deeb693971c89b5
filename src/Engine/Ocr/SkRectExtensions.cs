using Fleet.Contracts.Results;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

internal static class SkRectExtensions
{
    public static Box ToBox(this SKRect rect) => new(rect.Left, rect.Top, rect.Width, rect.Height);
}
