using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Fleet.Worker.Layout;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace Fleet.Worker.Ocr;

/// <summary>
/// PP-OCRv4 detection and recognition through ONNX Runtime on the CPU. Loading the two models takes a while, so
/// create one engine per process (or per worker thread) and keep it. <see cref="Recognise"/> reuses internal
/// buffers: call it from one thread at a time.
/// </summary>
public sealed class PaddleOcrEngine : IOcrEngine, IDisposable
{
    public const string DetectionModelFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionModelFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string KeysFile = "ppocr_keys_v1.txt";

    private readonly OcrOptions _options;
    private readonly InferenceSession _detectionSession;
    private readonly InferenceSession _recognitionSession;
    private readonly TextDetector _detector;
    private readonly TextRecogniser _recogniser;

    public PaddleOcrEngine(OcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Fail at start-up with the offending setting named, not on the first page.
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;

        var dictionary = CharacterDictionary.Load(ModelPath(KeysFile));
        _detectionSession = CreateSession(DetectionModelFile);
        try
        {
            _recognitionSession = CreateSession(RecognitionModelFile);
        }
        catch
        {
            _detectionSession.Dispose();
            throw;
        }
        _detector = new TextDetector(_detectionSession, options);
        _recogniser = new TextRecogniser(_recognitionSession, dictionary, options);
    }

    public string Name => "PP-OCRv4 det+rec (ONNX Runtime 1.31.1, CPU)";

    public OcrPage Recognise(SKBitmap page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        cancellationToken.ThrowIfCancellationRequested();

        // Wraps the bitmap's pixels without copying; Skia would copy a mutable bitmap on every draw otherwise.
        using var pixmap = page.PeekPixels()
            ?? throw new ArgumentException("The page bitmap has no readable pixels.", nameof(page));
        using var image = SKImage.FromPixels(pixmap)
            ?? throw new ArgumentException($"Pages of colour type {page.ColorType} are not supported.", nameof(page));

        var stopwatch = Stopwatch.StartNew();
        var boxes = _detector.Detect(image);
        var detectMs = stopwatch.Elapsed.TotalMilliseconds;

        stopwatch.Restart();
        var lines = _recogniser.Recognise(image, boxes, cancellationToken);
        var recogniseMs = stopwatch.Elapsed.TotalMilliseconds;

        return new OcrPage(ReadingOrder.Arrange(lines), detectMs, recogniseMs);
    }

    public void Dispose()
    {
        _detector.Dispose();
        _recogniser.Dispose();
        _detectionSession.Dispose();
        _recognitionSession.Dispose();
    }

    private InferenceSession CreateSession(string modelFile)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        if (_options.OptimizedModelDirectory is not { } cacheDirectory)
            return new InferenceSession(ModelPath(modelFile), sessionOptions);

        // ORT format skips protobuf parsing and graph optimisation on later starts. The optimised graph holds fused
        // operators chosen for this CPU, so the cache belongs to one machine (and one ONNX Runtime version).
        var cached = Path.Combine(cacheDirectory, $"{Path.GetFileNameWithoutExtension(modelFile)}.ort-{OrtEnv.Instance().GetVersionString()}.ort");
        if (File.Exists(cached))
            return new InferenceSession(cached, sessionOptions);

        Directory.CreateDirectory(cacheDirectory);
        // Written under a unique name and moved into place, so a concurrent start never reads a half-written file.
        var temporary = $"{cached}.{Guid.NewGuid():N}.tmp.ort";
        sessionOptions.OptimizedModelFilePath = temporary;
        var session = new InferenceSession(ModelPath(modelFile), sessionOptions);
        File.Move(temporary, cached, overwrite: true);
        return session;
    }

    private string ModelPath(string file)
    {
        var path = Path.Combine(_options.ModelDirectory, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"OCR model file {file} is missing from {_options.ModelDirectory}.", path);
    }
}
