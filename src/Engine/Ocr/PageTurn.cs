using Fleet.Contracts.Results;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// A page turned clockwise by <see cref="QuarterTurns"/> × 90° (0-3): what makes a scan fed sideways or upside down
/// upright. Maps detected boxes into the turned frame, and the lines read there back to the page's own pixels, so
/// results keep the contract of boxes in the bitmap the caller handed in.
/// </summary>
internal readonly record struct PageTurn(int QuarterTurns, int Width, int Height)
{
    /// <summary>The turned page's size: sides swap for 90° and 270°.</summary>
    public (int Width, int Height) TurnedSize => QuarterTurns % 2 == 0 ? (Width, Height) : (Height, Width);

    public int Degrees => QuarterTurns * 90;

    public PageTurn Then(int quarterTurns) => this with { QuarterTurns = (QuarterTurns + quarterTurns) % 4 };

    /// <summary>A point of the page in the turned frame.</summary>
    public SKPoint Apply(SKPoint p) => QuarterTurns switch
    {
        1 => new SKPoint(Height - p.Y, p.X),
        2 => new SKPoint(Width - p.X, Height - p.Y),
        3 => new SKPoint(p.Y, Width - p.X),
        _ => p,
    };

    /// <summary>A point of the turned frame back on the page.</summary>
    public SKPoint Undo(SKPoint p) => QuarterTurns switch
    {
        1 => new SKPoint(p.Y, Height - p.X),
        2 => new SKPoint(Width - p.X, Height - p.Y),
        3 => new SKPoint(Width - p.Y, p.X),
        _ => p,
    };

    private static SKPoint TurnVector(SKPoint v, int quarterTurns) => (quarterTurns % 4) switch
    {
        1 => new SKPoint(-v.Y, v.X),
        2 => new SKPoint(-v.X, -v.Y),
        3 => new SKPoint(v.Y, -v.X),
        _ => v,
    };

    /// <summary>A detected box in the turned frame, its width again along the side closest to horizontal.</summary>
    public RotatedRect Apply(RotatedRect box) => (box with { Center = Apply(box.Center), Axis = TurnVector(box.Axis, QuarterTurns) }).Canonical();

    public Box Undo(Box box)
    {
        var a = Undo(new SKPoint((float)box.X, (float)box.Y));
        var b = Undo(new SKPoint((float)box.Right, (float)box.Bottom));
        return new Box(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y));
    }

    public LineResult Undo(LineResult line)
    {
        var turn = this;
        return line with { Box = Undo(line.Box), Words = [.. line.Words.Select(w => w with { Box = turn.Undo(w.Box) })] };
    }

    /// <summary>The page drawn turned; null when there is nothing to turn.</summary>
    public SKImage? Draw(SKImage page)
    {
        if (QuarterTurns == 0)
            return null;
        var (width, height) = TurnedSize;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"could not allocate a {width}×{height} page to turn");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // Translate after rotating about the origin, so (x, y) lands where Apply puts it.
        var (dx, dy) = QuarterTurns switch { 1 => (Height, 0), 2 => (Width, Height), _ => (0, Width) };
        canvas.Translate(dx, dy);
        canvas.RotateDegrees(Degrees);
        canvas.DrawImage(page, 0, 0);
        return surface.Snapshot();
    }
}
