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

/// <param name="RotationDegrees">How far the engine turned the page clockwise to read it upright (0, 90, 180, 270); boxes are in the page as given.</param>
public sealed record OcrPage(IReadOnlyList<LineResult> Lines, double DetectMs, double RecogniseMs, int RotationDegrees = 0);
