using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// Writes a box as its four numbers (x, y, width, height) rounded to 0.01 pt, and nothing derived from them: the
/// result JSON holds one box per word, so every digit counts.
/// </summary>
public sealed class BoxJsonConverter : JsonConverter<Box>
{
    public override Box Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a box is an object with x, y, width and height");
        double x = 0, y = 0, width = 0, height = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "x": x = reader.GetDouble(); break;
                case "y": y = reader.GetDouble(); break;
                case "width": width = reader.GetDouble(); break;
                case "height": height = reader.GetDouble(); break;
                default: reader.Skip(); break;
            }
        }
        return new Box(x, y, width, height);
    }

    public override void Write(Utf8JsonWriter writer, Box value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("x", Rounded.Points(value.X));
        writer.WriteNumber("y", Rounded.Points(value.Y));
        writer.WriteNumber("width", Rounded.Points(value.Width));
        writer.WriteNumber("height", Rounded.Points(value.Height));
        writer.WriteEndObject();
    }
}

/// <summary>A confidence written to 4 decimals: finer than any calibration can tell apart.</summary>
public sealed class ConfidenceJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value, 4, MidpointRounding.AwayFromZero));
}

public static class Rounded
{
    /// <summary>Points to 0.01 pt (1/7200 inch), as results are written.</summary>
    public static double Points(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
