using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>One page: size in points, where its text came from, and its lines in reading order.</summary>
public sealed record PageResult(int Number, double Width, double Height, string Source,
    [property: JsonConverter(typeof(ConfidenceJsonConverter))] double Confidence, bool LowConfidence, IReadOnlyList<LineResult> Lines)
{
    /// <summary>The page's lines, one per line: derived, so not written to JSON.</summary>
    [JsonIgnore]
    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}
