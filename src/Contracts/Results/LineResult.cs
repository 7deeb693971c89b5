using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// A line of text in reading order. <see cref="Confidence"/> is the mean of its words' confidences: the expected share
/// of its words that are right (1 for text-layer lines taken as they are).
/// </summary>
public sealed record LineResult(string Text, Box Box, [property: JsonConverter(typeof(ConfidenceJsonConverter))] double Confidence, IReadOnlyList<WordResult> Words)
{
    public LineResult Scale(double factor) =>
        new(Text, Box.Scale(factor), Confidence, Words.Select(w => w with { Box = w.Box.Scale(factor) }).ToList());
}
