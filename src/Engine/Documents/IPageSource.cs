using Fleet.Engine.Pdf;

namespace Fleet.Engine.Documents;

/// <summary>
/// The pages of an input document, as the worker reads them: how many, each one's size in points as displayed, and
/// each one rendered to pixels at a resolution under a pixel cap. A PDF (<see cref="PdfiumDocument"/>) or an image
/// (<see cref="Images.ImageDocument"/>); <see cref="SourceDocuments"/> opens the right one.
/// </summary>
public interface IPageSource : IDisposable
{
    int PageCount { get; }

    /// <summary>Page size in points (1/72 inch) as displayed, from a 0-based index.</summary>
    (double Width, double Height) PageSize(int pageIndex);

    /// <summary>
    /// The page drawn on white at <paramref name="dpi"/>, or smaller when that would need more than
    /// <paramref name="maxPixels"/> pixels.
    /// </summary>
    /// <exception cref="PdfRejectedException">The page cannot be read, with the reason.</exception>
    RenderedPage Render(int pageIndex, int dpi, long maxPixels);
}
