using Fleet.Contracts.Results;

namespace Fleet.Engine.Pdf;

/// <summary>
/// A page read from its text layer: its lines in reading order, and whether they can stand in for OCR
/// (<see cref="TextLayerQuality"/>). The worker and <c>fleet bench text</c> both read pages this way.
/// </summary>
public sealed record TextLayerPage(IReadOnlyList<LineResult> Lines, bool Usable)
{
    public static TextLayerPage Read(TextLayerDocument textLayer, int pageNumber)
    {
        ArgumentNullException.ThrowIfNull(textLayer);
        var words = textLayer.Words(pageNumber);
        var lines = TextLayerLines.Arrange(words);
        return new TextLayerPage(lines, TextLayerQuality.IsUsable(words));
    }

    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}
