using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Fleet.Engine.Layout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace Fleet.Engine.Ocr;

/// <summary>
/// PP-OCRv4 detection and recognition through ONNX Runtime. Loading the two models takes a while, so create one
/// engine per process and share it: <see cref="Recognise"/> is safe from any number of threads, and the engine runs
/// at most <see cref="OcrOptions.ConcurrentRuns"/> model calls at once however many pages are in flight.
/// </summary>
public sealed class PaddleOcrEngine : IOcrEngine, IDisposable
{
    public const string DetectionModelFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionModelFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string KeysFile = "ppocr_keys_v1.txt";

    private readonly RunGate _gate;
    private readonly OcrModel _detectionModel;
    private readonly OcrModel _recognitionModel;
    private readonly TextDetector _detector;
    private readonly TextRecogniser _recogniser;

    public PaddleOcrEngine(OcrOptions options, ILogger<PaddleOcrEngine>? logger = null)
        : this(options, logger, recorder: null)
    {
    }

    /// <summary>An engine whose float32 recogniser reports its activations to <paramref name="recorder"/> (calibration).</summary>
    internal PaddleOcrEngine(OcrOptions options, ILogger<PaddleOcrEngine>? logger, ActivationRecorder? recorder)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Fail at start-up with the offending setting named, not on the first page.
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var log = (ILogger?)logger ?? NullLogger.Instance;

        var dictionary = CharacterDictionary.Load(ModelPath(options, KeysFile));
        _gate = new RunGate(options.ConcurrentRuns);
        _detectionModel = OcrModel.Load(ModelPath(options, DetectionModelFile), options, _gate, log);
        try
        {
            _recognitionModel = OcrModel.Load(RecognitionModelPath(options), options, _gate, log,
                quantise: options.RecognitionPrecision == OcrPrecision.Int8, recorder);
        }
        catch
        {
            _detectionModel.Dispose();
            throw;
        }
        _detector = new TextDetector(_detectionModel, options);
        _recogniser = new TextRecogniser(_recognitionModel, dictionary, options);
        Name = $"PP-OCRv4 det+rec (ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}, {_recognitionModel.Provider}" +
               $"{(_recognitionModel.Int8 ? ", int8 recogniser" : "")}, models {ModelFingerprint(options, _recognitionModel.Int8)})";
    }

    /// <summary>
    /// Names the engine and everything its results depend on (runtime, provider, precision, and a fingerprint of the
    /// model files, dictionary and int8 calibration), so a stored result made by another engine is not reused as this one's.
    /// </summary>
    public string Name { get; }

    private static string ModelFingerprint(OcrOptions options, bool int8)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in new[] { ModelPath(options, DetectionModelFile), RecognitionModelPath(options), ModelPath(options, KeysFile) })
            hash.AppendData(File.ReadAllBytes(file));
        if (int8)
            hash.AppendData(Int8Calibration.ShippedBytes());
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>The recognition model file's path under <paramref name="options"/>' model folder.</summary>
    internal static string RecognitionModelPath(OcrOptions options) => ModelPath(options, RecognitionModelFile);

    public OcrPage Recognise(SKBitmap page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        cancellationToken.ThrowIfCancellationRequested();

        // Skia resamples BGRA sources about 20 times faster than Gray8 ones (0.3 against 6.8 ms per line crop), so
        // other formats (scans handed in as grayscale) are converted once. PDFium renders BGRA already.
        using var converted = page.ColorType == SKColorType.Bgra8888 ? null : ToBgra(page);
        page = converted ?? page;

        // Wraps the bitmap's pixels without copying; Skia would copy a mutable bitmap on every draw otherwise.
        using var pixmap = page.PeekPixels()
            ?? throw new ArgumentException("The page bitmap has no readable pixels.", nameof(page));
        using var image = SKImage.FromPixels(pixmap)
            ?? throw new ArgumentException($"Pages of colour type {page.ColorType} are not supported.", nameof(page));

        var stopwatch = Stopwatch.StartNew();
        var boxes = _detector.Detect(image, cancellationToken);
        var detectMs = stopwatch.Elapsed.TotalMilliseconds;

        stopwatch.Restart();
        var lines = _recogniser.Recognise(image, boxes, cancellationToken);
        var recogniseMs = stopwatch.Elapsed.TotalMilliseconds;

        return new OcrPage(ReadingOrder.Arrange(lines, Skew(boxes)), detectMs, recogniseMs);
    }

    private static SKBitmap ToBgra(SKBitmap page)
    {
        var bgra = new SKBitmap(new SKImageInfo(page.Width, page.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        if (page.CopyTo(bgra, SKColorType.Bgra8888))
            return bgra;
        bgra.Dispose();
        throw new ArgumentException($"Pages of colour type {page.ColorType} are not supported.", nameof(page));
    }

    /// <summary>
    /// The page's text angle: the median angle of the line-shaped boxes (at least twice as long as high), 0 when there
    /// are none. A scan fed in a little crooked tilts all its lines alike.
    /// </summary>
    internal static double Skew(IReadOnlyList<RotatedRect> boxes)
    {
        var angles = boxes
            .Where(b => b.Width >= 2 * b.Height)
            .Select(b => Math.Atan(b.Axis.Y / (double)b.Axis.X))
            .Where(a => double.IsFinite(a) && Math.Abs(a) < Math.PI / 4)
            .Order()
            .ToArray();
        return angles.Length == 0 ? 0 : angles[angles.Length / 2];
    }

    public void Dispose()
    {
        _detectionModel.Dispose();
        _recognitionModel.Dispose();
    }

    private static string ModelPath(OcrOptions options, string file)
    {
        var path = Path.Combine(options.ModelDirectory, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"OCR model file {file} is missing from {options.ModelDirectory}.", path);
    }
}
