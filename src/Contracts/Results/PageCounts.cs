namespace Fleet.Contracts.Results;

public sealed record PageCounts(int Total, int TextLayer, int Ocr, int LowConfidence)
{
    public static readonly PageCounts None = new(0, 0, 0, 0);

    public static PageCounts Of(IReadOnlyCollection<PageResult> pages) => new(
        pages.Count,
        pages.Count(p => p.Source == PageSource.TextLayer),
        pages.Count(p => p.Source == PageSource.Ocr),
        pages.Count(p => p.LowConfidence));

    public PageCounts Add(PageCounts other) =>
        new(Total + other.Total, TextLayer + other.TextLayer, Ocr + other.Ocr, LowConfidence + other.LowConfidence);
}
