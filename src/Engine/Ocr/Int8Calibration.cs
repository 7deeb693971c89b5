using System.Security.Cryptography;
using System.Text.Json;
using Fleet.Engine.Ocr.Graph;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// The activation ranges <see cref="Int8Quantizer"/> quantises the recogniser with, measured by
/// <c>fleet bench calibrate</c> and shipped inside the worker. They belong to one model file, named by its sha256;
/// another model file gets no table and runs in float32.
/// </summary>
public sealed record Int8Calibration(string ModelSha256, string Source, int Lines, SortedDictionary<string, float[]> Ranges)
{
    /// <summary>Where the table lives in the source tree; the build embeds it.</summary>
    public const string SourcePath = "src/Engine/Ocr/rec-int8-calibration.json";

    private const string ResourceName = "Fleet.Engine.Ocr.rec-int8-calibration.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Runs the float32 recogniser (fused as the worker runs it) over every text line of <paramref name="pages"/> and
    /// records the range of each tensor <see cref="Int8Quantizer"/> quantises, leaving out
    /// <paramref name="clippedShare"/> of each tensor's largest values (see <see cref="ActivationRecorder"/>).
    /// </summary>
    public static Int8Calibration Measure(string modelDirectory, IEnumerable<SKBitmap> pages, string source, double clippedShare)
    {
        ArgumentNullException.ThrowIfNull(pages);
        // One line per run, so every recorded range is a real line's and not a batch's grey padding.
        var options = new OcrOptions { ModelDirectory = modelDirectory, RecognitionPrecision = OcrPrecision.Float32, RecognitionBatchSize = 1 };
        var model = File.ReadAllBytes(PaddleOcrEngine.RecognitionModelPath(options));
        var recorder = new ActivationRecorder(Int8Quantizer.CalibrationTensors(GraphFusions.Apply(model, out _)));
        using (var engine = new PaddleOcrEngine(options, logger: null, recorder))
        {
            foreach (var page in pages)
                engine.Recognise(page);
        }
        return new Int8Calibration(Sha256(model), source, recorder.Runs, recorder.Ranges(clippedShare));
    }

    /// <summary>The table shipped in this assembly, or null when it was measured on another model file.</summary>
    internal static Int8Calibration? For(string modelSha256)
    {
        using var stream = typeof(Int8Calibration).Assembly.GetManifestResourceStream(ResourceName);
        var table = stream is null ? null : JsonSerializer.Deserialize<Int8Calibration>(stream, Json);
        return table?.ModelSha256 == modelSha256 ? table : null;
    }

    internal static string Sha256(byte[] model) => Convert.ToHexStringLower(SHA256.HashData(model));

    internal IReadOnlyDictionary<string, TensorRange> TensorRanges() =>
        Ranges.ToDictionary(r => r.Key, r => new TensorRange(r.Value[0], r.Value[1]));

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
