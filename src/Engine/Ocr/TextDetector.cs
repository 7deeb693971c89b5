using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>PP-OCRv4 DB text detection: page image in, text-line rectangles in page pixels out. Safe from any thread.</summary>
internal sealed class TextDetector(OcrModel model, OcrOptions options)
{
    // ImageNet statistics, applied to channels in BGR order as PaddleOCR (OpenCV) feeds them.
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    private readonly DbPostProcessor _postProcessor = new(
        (float)options.DetectionThreshold, (float)options.BoxThreshold, (float)options.UnclipRatio);

    public List<RotatedRect> Detect(SKImage page, CancellationToken cancellationToken)
    {
        var (width, height) = InputSize(page.Width, page.Height, options.DetectionMaxSide);
        using var resized = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(resized))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawImage(page, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        var planeSize = width * height;
        var input = ArrayPool<float>.Shared.Rent(3 * planeSize);
        try
        {
            FillTensor(resized.GetPixelSpan(), resized.RowBytes, width, height, input);
            using var tensor = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, input.AsMemory(0, 3 * planeSize), [1, 3, height, width]);
            using var outputs = model.Run(tensor, cancellationToken);
            var map = outputs[0].GetTensorDataAsSpan<float>();
            var boxes = _postProcessor.Process(map, width, height);

            var sx = (float)page.Width / width;
            var sy = (float)page.Height / height;
            for (var i = 0; i < boxes.Count; i++)
                boxes[i] = boxes[i].Scale(sx, sy);
            return boxes;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>Longest side capped, each side rounded to a multiple of 32 (the network downsamples by 32).</summary>
    public static (int Width, int Height) InputSize(int width, int height, int maxSide)
    {
        var ratio = Math.Max(width, height) > maxSide ? (double)maxSide / Math.Max(width, height) : 1.0;
        static int Round32(double v) => Math.Max(32, (int)Math.Round(v / 32) * 32);
        return (Round32(width * ratio), Round32(height * ratio));
    }

    private static void FillTensor(ReadOnlySpan<byte> pixels, int rowBytes, int width, int height, float[] tensor)
    {
        var plane = width * height;
        var blue = tensor.AsSpan(0, plane);
        var green = tensor.AsSpan(plane, plane);
        var red = tensor.AsSpan(2 * plane, plane);
        float scaleB = 1f / (255f * Std[0]), scaleG = 1f / (255f * Std[1]), scaleR = 1f / (255f * Std[2]);
        float offsetB = Mean[0] / Std[0], offsetG = Mean[1] / Std[1], offsetR = Mean[2] / Std[2];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            var o = y * width;
            for (var x = 0; x < width; x++)
            {
                blue[o + x] = row[4 * x] * scaleB - offsetB;
                green[o + x] = row[4 * x + 1] * scaleG - offsetG;
                red[o + x] = row[4 * x + 2] * scaleR - offsetR;
            }
        }
    }
}
