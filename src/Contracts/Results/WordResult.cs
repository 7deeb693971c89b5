using System.Text.Json.Serialization;

namespace Fleet.Contracts.Results;

/// <summary>
/// A word with its box. For OCR'd words <see cref="Confidence"/> is calibrated: about that share of words given it are
/// right (the product of its characters' probabilities; measured on degraded scans in ConfidenceCalibrationTests).
/// In JSON the confidence is left out when it is 1 (<see cref="WordResultJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(WordResultJsonConverter))]
public sealed record WordResult(string Text, Box Box, double Confidence);
