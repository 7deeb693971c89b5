using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// PaddleOCR's text direction classifier (ch_ppocr_mobile_v2.0_cls, shipped in the same package as the PP-OCRv4
/// models): a 48 × 192 window of a text line in, the probabilities of upright and upside down out. Asked about a few
/// windows of a page's longest lines, it tells a page scanned at 180° (or 270°, once turned sideways) from an
/// upright one; the recogniser reads an upside-down line as confident garbage, so this cannot be told from its output.
/// </summary>
internal sealed class DirectionClassifier(OcrModel model)
{
    public const string ModelFile = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    private const int InputWidth = 192;
    private const int Height = TextRecogniser.InputHeight;
    private const int MaxWindows = 8;

    /// <summary>The page is turned when the windows' mean upside-down probability is above this.</summary>
    public const double UpsideDownThreshold = 0.6;

    /// <summary>
    /// Mean probability that the page's lines are upside down, over up to <see cref="MaxWindows"/> windows taken from
    /// the middle of its longest line-shaped boxes; null when the page has no such box.
    /// </summary>
    public double? UpsideDownProbability(SKImage page, IReadOnlyList<RotatedRect> boxes, CancellationToken cancellationToken)
    {
        var lines = boxes
            .Select(b => b.Canonical())
            .Where(b => b.Width >= 2 * b.Height && b.Height >= 8)
            .OrderByDescending(b => b.Width)
            .Take(MaxWindows)
            .ToArray();
        if (lines.Length == 0)
            return null;

        var itemSize = 3 * Height * InputWidth;
        var length = lines.Length * itemSize;
        var input = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Array.Clear(input, 0, length);
            using var scratch = new SKBitmap(new SKImageInfo(InputWidth, Height, SKColorType.Bgra8888, SKAlphaType.Premul));
            for (var i = 0; i < lines.Length; i++)
            {
                var (tl, tr, _, bl) = Window(lines[i]);
                TextRecogniser.DrawQuad(page, tl, tr, bl, InputWidth, scratch);
                TextRecogniser.FillTensor(scratch.GetPixelSpan(), scratch.RowBytes, InputWidth, InputWidth, input.AsSpan(i * itemSize, itemSize));
            }
            using var tensor = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, input.AsMemory(0, length), [lines.Length, 3, Height, InputWidth]);
            using var outputs = model.Run(tensor, cancellationToken);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            double sum = 0;
            for (var i = 0; i < lines.Length; i++)
                sum += probabilities[2 * i + 1];
            return sum / lines.Length;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>
    /// A window of the box with the classifier's 4:1 aspect, from the middle of the line: PaddleOCR squeezes a whole
    /// line into 192 pixels, which turns a long line's letters into slivers.
    /// </summary>
    private static (SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft) Window(RotatedRect box)
    {
        var windowLength = Math.Min(box.Width, box.Height * InputWidth / Height);
        return (box with { Width = windowLength }).OrderedCorners();
    }
}
