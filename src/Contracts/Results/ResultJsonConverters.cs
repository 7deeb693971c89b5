using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// Writes a box as its four numbers <c>[x, y, width, height]</c> rounded to 0.01 pt, and nothing derived from them:
/// the result JSON holds one box per word, so every character counts (an object with names would double a word's
/// size). Reads that array, or an object with those four names.
/// </summary>
public sealed class BoxJsonConverter : JsonConverter<Box>
{
    public override Box Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double x = 0, y = 0, width = 0, height = 0;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var values = new double[4];
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == 4)
                    throw new JsonException("a box is [x, y, width, height]");
                values[count++] = reader.GetDouble();
            }
            if (count != 4)
                throw new JsonException("a box is [x, y, width, height]");
            return new Box(values[0], values[1], values[2], values[3]);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a box is [x, y, width, height]");
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
        writer.WriteStartArray();
        writer.WriteNumberValue(Rounded.Points(value.X));
        writer.WriteNumberValue(Rounded.Points(value.Y));
        writer.WriteNumberValue(Rounded.Points(value.Width));
        writer.WriteNumberValue(Rounded.Points(value.Height));
        writer.WriteEndArray();
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

/// <summary>
/// A word as <c>{"text", "box", "confidence"}</c>, the confidence left out when it is 1 (a text-layer word taken as it
/// is, the most common case) and read back as 1 when missing.
/// </summary>
public sealed class WordResultJsonConverter : JsonConverter<WordResult>
{
    public override WordResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a word is an object with text and box");
        string? text = null;
        Box? box = null;
        var confidence = 1.0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "text": text = reader.GetString(); break;
                case "box": box = JsonSerializer.Deserialize<Box>(ref reader, options); break;
                case "confidence": confidence = reader.GetDouble(); break;
                default: reader.Skip(); break;
            }
        }
        return new WordResult(text ?? throw new JsonException("a word has text"), box ?? throw new JsonException("a word has a box"), confidence);
    }

    public override void Write(Utf8JsonWriter writer, WordResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("text", value.Text);
        writer.WritePropertyName("box");
        JsonSerializer.Serialize(writer, value.Box, options);
        if (value.Confidence != 1)
            writer.WriteNumber("confidence", Math.Round(value.Confidence, 4, MidpointRounding.AwayFromZero));
        writer.WriteEndObject();
    }
}
