namespace Fleet.Worker.Assembly;

public static class DocumentAssembler
{
    public static DocumentResult Assemble(string sourceKey, string sha256, IEnumerable<ChunkResult> chunks)
    {
        var ordered = chunks.OrderBy(c => c.ChunkIndex).ToList();
        var pages = ordered.SelectMany(c => c.Pages).OrderBy(p => p.Number).ToList();
        var engines = ordered.SelectMany(c => c.Engines).Distinct().Order(StringComparer.Ordinal).ToList();
        return new DocumentResult(sourceKey, sha256, pages.Count, engines, pages);
    }

    /// <summary>Each page's lines, one per line of text, the page ended by a line break and a form feed, as pdftotext writes.</summary>
    public static string PlainText(DocumentResult document) =>
        string.Concat(document.Pages.Select(p => p.Text + "\n\f"));
}
