namespace Fleet.Contracts.Results;

public sealed record LineResult(string Text, Box Box, double Confidence, IReadOnlyList<WordResult> Words)
{
    public LineResult Scale(double factor) =>
        new(Text, Box.Scale(factor), Confidence, Words.Select(w => w with { Box = w.Box.Scale(factor) }).ToList());
}
