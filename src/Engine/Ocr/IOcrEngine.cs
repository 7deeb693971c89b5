using Fleet.Contracts.Results;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>Turns a rendered page into lines of text. PP-OCRv4 through ONNX Runtime by default; Tesseract plugs in for comparison.</summary>
public interface IOcrEngine
{
    /// <summary>Engine and model versions, as recorded in results and manifests.</summary>
    string Name { get; }

    /// <summary>Lines in reading order, boxes in the bitmap's pixels.</summary>
    OcrPage Recognise(SKBitmap page, CancellationToken cancellationToken = default);
}

public sealed record OcrPage(IReadOnlyList<LineResult> Lines, double DetectMs, double RecogniseMs);
