using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// An axis-aligned box, origin top-left of the page, in PDF points (1/72 inch) in results, pixels inside the OCR engine.
/// In JSON only <c>[x, y, width, height]</c>, to 0.01 pt (<see cref="BoxJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(BoxJsonConverter))]
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double CenterY => Y + Height / 2;

    public static Box Union(Box a, Box b)
    {
        var x = Math.Min(a.X, b.X);
        var y = Math.Min(a.Y, b.Y);
        return new Box(x, y, Math.Max(a.Right, b.Right) - x, Math.Max(a.Bottom, b.Bottom) - y);
    }

    public Box Scale(double factor) => new(X * factor, Y * factor, Width * factor, Height * factor);
}
