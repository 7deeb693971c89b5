namespace Fleet.Contracts.Results;

/// <summary>Where a page's text came from, as written in the result JSON.</summary>
public static class PageSource
{
    public const string TextLayer = "text-layer";
    public const string Ocr = "ocr";
}
