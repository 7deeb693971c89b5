using System.ComponentModel.DataAnnotations;

namespace Fleet.Engine.Ocr;

/// <summary>Settings of <see cref="PaddleOcrEngine"/>. Defaults are the values measured on 300-DPI Letter scans.</summary>
public sealed class OcrOptions
{
    /// <summary>Whether this build's ONNX Runtime can run on CUDA (the GPU package, <c>-p:OrtFlavor=Gpu</c>).</summary>
    public static bool CudaCompiledIn => OcrModel.CudaCompiledIn;

    /// <summary>Why <see cref="OcrDevice.Cuda"/> cannot be honoured by a CPU-only build.</summary>
    public const string CudaMissing = OcrModel.CudaMissing;

    public const string SectionName = "Ocr";

    /// <summary>Folder holding ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx, ppocr_keys_v1.txt and ch_ppocr_mobile_v2.0_cls_infer.onnx.</summary>
    [Required]
    public string ModelDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "assets");

    /// <summary>Longest side of the image fed to the detector; larger finds smaller text but costs quadratically.</summary>
    [Range(320, 4096)]
    public int DetectionMaxSide { get; set; } = 960;

    /// <summary>Probability above which a pixel of the detector's map counts as text.</summary>
    [Range(0.05, 0.95)]
    public double DetectionThreshold { get; set; } = 0.3;

    /// <summary>Mean probability inside a box needed to keep it.</summary>
    [Range(0.05, 0.99)]
    public double BoxThreshold { get; set; } = 0.6;

    /// <summary>How far a detected kernel is grown back to the full text box: distance = area × ratio / perimeter.</summary>
    [Range(0.5, 4.0)]
    public double UnclipRatio { get; set; } = 1.5;

    /// <summary>
    /// Line crops per recogniser run; crops of similar aspect share a batch, padded to the widest. On CPU cores one line
    /// per run is best: per line a batch costs the same (a 2400-pixel line: 103 ms alone, 105 in twos, 100 in fours,
    /// one thread) but pads short lines and holds more memory (bench: batch 4 0.59 pages/s and 912 MB against 0.66 and
    /// 741 MB). On a GPU, batches of 16-64 fill the device.
    /// </summary>
    [Range(1, 128)]
    public int RecognitionBatchSize { get; set; } = 1;

    /// <summary>
    /// Narrowest recogniser input in pixels (at height 48); shorter crops are padded up to it. PaddleOCR pads to 320;
    /// less saves work on short words.
    /// </summary>
    [Range(48, 3200)]
    public int RecognitionMinWidth { get; set; } = 320;

    /// <summary>Lines whose mean character probability is below this are dropped as noise.</summary>
    [Range(0.0, 1.0)]
    public double MinLineConfidence { get; set; } = 0.5;

    /// <summary>
    /// Model runs (a page's detection, a batch of its lines) in flight at once across all pages. One per core: a
    /// page's lines are recognised in parallel, and detection of one page overlaps recognition of another.
    /// </summary>
    [Range(1, 256)]
    public int ConcurrentRuns { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Threads ONNX Runtime uses inside one model run. One on the CPU, where parallel runs scale better than one run
    /// split across threads (a 2400-pixel line on 2 cores: 2 runs × 1 thread 58 ms/line, 1 run × 2 threads 93).
    /// </summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Rewrite the models' graphs at load (exact algebra: affines folded into convolutions, HardSwish in two operators
    /// instead of four). Off only to measure what it buys; int8 (<see cref="RecognitionPrecision"/>) needs it.
    /// </summary>
    public bool FuseGraph { get; set; } = true;

    /// <summary>
    /// Arithmetic of the recogniser's backbone on the CPU: Int8 (8-bit integers with ranges calibrated on generated
    /// pages, shipped with the worker) or Float32 (the model as published). CUDA always runs float32. On the benchmark
    /// (8 pages, 2 cores, 3 rounds) int8 read 1.25 pages/s at 0.01% CER against float32's 0.67 at 0.02%.
    /// </summary>
    public OcrPrecision RecognitionPrecision { get; set; } = OcrPrecision.Int8;

    /// <summary>
    /// Let the int8 recogniser use Fleet's native operator library (<c>libfleet_ortops.so</c>, built with the worker
    /// when g++ is there): HardSwish as one table lookup instead of ONNX Runtime's QLinearAdd + QLinearMul. Off only to
    /// measure what it buys or to rule it out; the text is the same either way.
    /// </summary>
    public bool NativeOperators { get; set; } = true;

    /// <summary>CPU, CUDA, or CUDA when present (Auto). CUDA needs the build's GPU flavour: -p:OrtFlavor=Gpu.</summary>
    public OcrDevice Device { get; set; } = OcrDevice.Auto;

    /// <summary>The CUDA device the models run on.</summary>
    [Range(0, 64)]
    public int GpuDeviceId { get; set; }

    /// <summary>
    /// Turn pages scanned sideways or upside down upright before reading them: 90°/270° from the shape of the detected
    /// lines, 180° by PaddleOCR's direction classifier (ch_ppocr_mobile_v2.0_cls_infer.onnx) on a few of them. Costs
    /// one small classifier run per page, and a page turn only on pages that need it.
    /// </summary>
    public bool DetectOrientation { get; set; } = true;

    /// <summary>Map the dictionary's look-alike punctuation (curly quotes, full-width forms, long dashes) to ASCII.</summary>
    public bool NormaliseConfusables { get; set; } = true;
}
