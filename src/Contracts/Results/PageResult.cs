namespace Fleet.Contracts.Results;

/// <summary>One page: size in points, where its text came from, and its lines in reading order.</summary>
public sealed record PageResult(int Number, double Width, double Height, string Source, double Confidence, bool LowConfidence, IReadOnlyList<LineResult> Lines)
{
    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}
