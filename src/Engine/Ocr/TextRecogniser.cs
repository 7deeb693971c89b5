using System.Buffers;
using System.Runtime.ExceptionServices;
using Fleet.Contracts.Results;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// PP-OCRv4 CTC recognition of detected boxes: each box is warped upright to height 48, crops of similar aspect
/// ratio are batched so padding stays small, batches run in parallel (as many as the engine's gate lets through), and
/// each line's words are placed back on the page. Safe from any thread.
/// </summary>
internal sealed class TextRecogniser(OcrModel model, CharacterDictionary dictionary, OcrOptions options)
{
    public const int InputHeight = 48;

    // PaddleOCR's minimum width is 320 (aspect 320/48), the aspect given to a degenerate box; the cap keeps a freak
    // box from making a huge tensor.
    private const float MinAspect = 320f / InputHeight;
    private const int MaxWidth = 3200;

    /// <summary>
    /// Room added at each end of a line's crop, in line heights. On the 16 benchmark pages (int8) seven line-final full
    /// stops and commas were lost without it and none with it (CER 0.022% → 0.014%).
    /// </summary>
    internal const float EndRoomRatio = 0.3f;

    public List<LineResult> Recognise(SKImage page, IReadOnlyList<RotatedRect> boxes, CancellationToken cancellationToken)
    {
        var rooms = EndRooms(boxes);
        var crops = boxes.Select((box, i) => Crop.Of(box, rooms[i])).OrderBy(c => c.Aspect).ToArray();
        var batchSize = options.RecognitionBatchSize;
        var batches = new List<LineResult>[(crops.Length + batchSize - 1) / batchSize];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ConcurrentRuns, CancellationToken = cancellationToken };
        try
        {
            // Each worker thread draws its crops into its own bitmap; the gate inside the model bounds the runs themselves.
            Parallel.For(0, batches.Length, parallel,
                () => new SKBitmap(new SKImageInfo(MaxWidth, InputHeight, SKColorType.Bgra8888, SKAlphaType.Premul)),
                (index, _, scratch) =>
                {
                    var start = index * batchSize;
                    batches[index] = RecogniseBatch(page, crops.AsSpan(start, Math.Min(batchSize, crops.Length - start)), scratch, cancellationToken);
                    return scratch;
                },
                scratch => scratch.Dispose());
        }
        catch (AggregateException ex)
        {
            // Callers handle a cancelled page or a failed model run, not the parallel loop's wrapper.
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
        return [.. batches.SelectMany(b => b)];
    }

    private List<LineResult> RecogniseBatch(SKImage page, ReadOnlySpan<Crop> batch, SKBitmap scratch, CancellationToken cancellationToken)
    {
        var lines = new List<LineResult>(batch.Length);
        var maxAspect = (float)options.RecognitionMinWidth / InputHeight;
        foreach (var crop in batch)
            maxAspect = Math.Max(maxAspect, crop.Aspect);
        // A multiple of 8 so every output step covers whole input columns.
        var width = Math.Min(MaxWidth, (int)Math.Ceiling(InputHeight * maxAspect / 8) * 8);

        var itemSize = 3 * InputHeight * width;
        var length = batch.Length * itemSize;
        var input = ArrayPool<float>.Shared.Rent(length);
        var cropWidths = ArrayPool<int>.Shared.Rent(batch.Length);
        try
        {
            // Zero is the normalised value of mid-grey, which is how PaddleOCR pads to the batch width.
            Array.Clear(input, 0, length);
            for (var i = 0; i < batch.Length; i++)
            {
                var cropWidth = Math.Clamp((int)Math.Ceiling(InputHeight * batch[i].Aspect), 1, width);
                cropWidths[i] = cropWidth;
                DrawCrop(page, batch[i], cropWidth, scratch);
                FillTensor(scratch.GetPixelSpan(), scratch.RowBytes, cropWidth, width, input.AsSpan(i * itemSize, itemSize));
            }

            using var tensor = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, input.AsMemory(0, length), [batch.Length, 3, InputHeight, width]);
            using var outputs = model.Run(tensor, cancellationToken);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            var steps = (int)shape[1];
            var classes = (int)shape[2];
            if (classes != dictionary.Count)
                throw new InvalidOperationException($"The recogniser outputs {classes} classes but the dictionary has {dictionary.Count}.");
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            var pixelsPerStep = (float)width / steps;

            for (var i = 0; i < batch.Length; i++)
            {
                var decoded = CtcDecoder.DecodeScriptAware(probabilities.Slice(i * steps * classes, steps * classes),
                    ReadSteps(batch[i], cropWidths[i], pixelsPerStep, steps), dictionary, options.NormaliseConfusables);
                if (decoded.Characters.Count == 0 || decoded.Confidence < options.MinLineConfidence)
                    continue;
                var line = ToLine(decoded, batch[i], cropWidths[i], pixelsPerStep, page.Width, page.Height);
                if (line.Words.Count > 0)
                    lines.Add(line);
            }
            return lines;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<int>.Shared.Return(cropWidths);
        }
    }

    /// <summary>
    /// How far each box's crop reaches past its ends: <see cref="EndRoomRatio"/> of its height, so a line's last full
    /// stop or comma, which the detector's box often clips, is read whole; but never more than half the gap to another
    /// box in the same row, so the two crops do not both read the characters between them.
    /// </summary>
    internal static (float Left, float Right)[] EndRooms(IReadOnlyList<RotatedRect> boxes)
    {
        var bounds = boxes.Select(b => b.Bounds(float.MaxValue, float.MaxValue)).ToArray();
        var rooms = new (float Left, float Right)[boxes.Count];
        for (var index = 0; index < boxes.Count; index++)
        {
            var box = bounds[index];
            var left = EndRoomRatio * boxes[index].ShortSide;
            var right = left;
            for (var i = 0; i < boxes.Count; i++)
            {
                var other = bounds[i];
                var overlap = Math.Min(box.Bottom, other.Bottom) - Math.Max(box.Top, other.Top);
                if (i == index || overlap < 0.5f * Math.Min(box.Height, other.Height))
                    continue;
                if (other.Left >= box.Right)
                    right = Math.Min(right, (other.Left - box.Right) / 2);
                else if (other.Right <= box.Left)
                    left = Math.Min(left, (box.Left - other.Right) / 2);
            }
            rooms[index] = (left, right);
        }
        return rooms;
    }

    /// <summary>Warps the box straight into the crop bitmap at height 48 in one resampling step.</summary>
    private static void DrawCrop(SKImage page, in Crop crop, int cropWidth, SKBitmap target) =>
        DrawQuad(page, crop.Corners.TopLeft, crop.Corners.TopRight, crop.Corners.BottomLeft, cropWidth, target);

    /// <summary>Warps the parallelogram spanned by three corners into the target's first cropWidth × 48 pixels.</summary>
    internal static void DrawQuad(SKImage page, SKPoint tl, SKPoint tr, SKPoint bl, int cropWidth, SKBitmap target)
    {
        // Maps crop pixels to page pixels; the canvas needs the inverse.
        var cropToPage = new SKMatrix(
            (tr.X - tl.X) / cropWidth, (bl.X - tl.X) / InputHeight, tl.X,
            (tr.Y - tl.Y) / cropWidth, (bl.Y - tl.Y) / InputHeight, tl.Y,
            0, 0, 1);
        if (!cropToPage.TryInvert(out var pageToCrop))
            pageToCrop = SKMatrix.Identity;

        using var canvas = new SKCanvas(target);
        canvas.Clear(SKColors.White);
        canvas.ClipRect(new SKRect(0, 0, cropWidth, InputHeight));
        canvas.SetMatrix(pageToCrop);
        canvas.DrawImage(page, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
    }

    /// <summary>BGR planes scaled to [-1, 1]; columns beyond the crop stay zero (padding).</summary>
    internal static void FillTensor(ReadOnlySpan<byte> pixels, int rowBytes, int cropWidth, int width, Span<float> tensor)
    {
        var plane = InputHeight * width;
        const float scale = 1f / 127.5f;
        for (var y = 0; y < InputHeight; y++)
        {
            var row = pixels.Slice(y * rowBytes, cropWidth * 4);
            var blue = tensor.Slice(y * width, cropWidth);
            var green = tensor.Slice(plane + y * width, cropWidth);
            var red = tensor.Slice(2 * plane + y * width, cropWidth);
            for (var x = 0; x < cropWidth; x++)
            {
                blue[x] = row[4 * x] * scale - 1f;
                green[x] = row[4 * x + 1] * scale - 1f;
                red[x] = row[4 * x + 2] * scale - 1f;
            }
        }
    }

    /// <summary>
    /// The output steps worth decoding: those over the crop, less the last one when the crop ends in at least a step
    /// of white room. That step sees where the image stops, and the model reads that edge as a mark: on the 16
    /// benchmark pages it added a phantom '.' or '-' to three line ends (int8 CER 0.013% → 0.005% without them).
    /// </summary>
    private static int ReadSteps(in Crop crop, int cropWidth, float pixelsPerStep, int steps)
    {
        var read = Math.Min(steps, (int)Math.Ceiling(cropWidth / pixelsPerStep));
        var roomPixels = crop.RightRoom * InputHeight / Math.Max(1e-3f, crop.Box.ShortSide);
        return roomPixels >= pixelsPerStep && read > 1 ? read - 1 : read;
    }

    private static LineResult ToLine(DecodedLine decoded, in Crop crop, int cropWidth, float pixelsPerStep, int pageWidth, int pageHeight)
    {
        var (tl, tr, _, bl) = crop.Corners;
        var along = tr - tl;
        var down = bl - tl;
        var words = new List<WordResult>();
        foreach (var word in decoded.Words())
        {
            // A CTC step covers pixelsPerStep columns of the resized crop; the word spans its first to last character's steps.
            var u0 = Math.Clamp(word.FirstStep * pixelsPerStep / cropWidth, 0f, 1f);
            var u1 = Math.Clamp((word.LastStep + 1) * pixelsPerStep / cropWidth, 0f, 1f);
            var a = tl + new SKPoint(along.X * u0, along.Y * u0);
            var b = tl + new SKPoint(along.X * u1, along.Y * u1);
            words.Add(new WordResult(word.Text, BoundsOf(a, b, a + down, b + down, pageWidth, pageHeight), word.Confidence));
        }
        var text = string.Join(' ', words.Select(w => w.Text));
        // The expected share of the line's words that are right: the mean of the words' own confidences.
        var confidence = words.Count > 0 ? words.Average(w => w.Confidence) : 0;
        return new LineResult(text, crop.Box.Bounds(pageWidth, pageHeight).ToBox(), confidence, words);
    }

    private static Box BoundsOf(SKPoint a, SKPoint b, SKPoint c, SKPoint d, int pageWidth, int pageHeight)
    {
        var left = Math.Clamp(Math.Min(Math.Min(a.X, b.X), Math.Min(c.X, d.X)), 0, pageWidth);
        var right = Math.Clamp(Math.Max(Math.Max(a.X, b.X), Math.Max(c.X, d.X)), 0, pageWidth);
        var top = Math.Clamp(Math.Min(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)), 0, pageHeight);
        var bottom = Math.Clamp(Math.Max(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)), 0, pageHeight);
        return new Box(left, top, right - left, bottom - top);
    }

    /// <summary>A detected box with its reading-direction corners and the aspect ratio of its upright crop.</summary>
    private readonly record struct Crop(
        RotatedRect Box, (SKPoint TopLeft, SKPoint TopRight, SKPoint BottomRight, SKPoint BottomLeft) Corners, float Aspect, float RightRoom)
    {
        public static Crop Of(RotatedRect box, (float Left, float Right) room)
        {
            var (tl, tr, br, bl) = box.OrderedCorners();
            var along = tr - tl;
            var length = Math.Max(1e-3f, along.Length);
            SKPoint Along(float distance) => new(along.X / length * distance, along.Y / length * distance);
            tl -= Along(room.Left);
            bl -= Along(room.Left);
            tr += Along(room.Right);
            br += Along(room.Right);
            var corners = (tl, tr, br, bl);
            var width = Math.Max(SKPoint.Distance(tl, tr), SKPoint.Distance(bl, br));
            var height = Math.Max(SKPoint.Distance(tl, bl), SKPoint.Distance(tr, br));
            return new Crop(box, corners, height > 0 ? width / height : MinAspect, room.Right);
        }
    }
}
