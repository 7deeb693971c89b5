namespace Fleet.Contracts.Results;

public sealed record PageCounts(int Total, int TextLayer, int Ocr, int LowConfidence)
{
    public static readonly PageCounts None = new(0, 0, 0, 0);

    public PageCounts Add(PageCounts other) =>
        new(Total + other.Total, TextLayer + other.TextLayer, Ocr + other.Ocr, LowConfidence + other.LowConfidence);
}
