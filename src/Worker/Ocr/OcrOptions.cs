using System.ComponentModel.DataAnnotations;

namespace Fleet.Worker.Ocr;

/// <summary>Settings of <see cref="PaddleOcrEngine"/>. Defaults are the values measured on 300-DPI Letter scans.</summary>
public sealed class OcrOptions
{
    public const string SectionName = "Ocr";

    /// <summary>Folder holding ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx and ppocr_keys_v1.txt.</summary>
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
    /// Line crops per recogniser run; crops of similar aspect share a batch so little padding is computed. On 2 CPU
    /// cores batches of 1-4 were fastest (43-line page: 4 → 2.0 s, 8 → 2.4 s, 16 → 2.7 s): bigger batches only add
    /// memory traffic on the CPU.
    /// </summary>
    [Range(1, 128)]
    public int RecognitionBatchSize { get; set; } = 4;

    /// <summary>
    /// Narrowest recogniser input in pixels (at height 48); shorter crops are padded up to it. PaddleOCR pads to 320;
    /// less saves work on short words.
    /// </summary>
    [Range(48, 3200)]
    public int RecognitionMinWidth { get; set; } = 320;

    /// <summary>Lines whose mean character probability is below this are dropped as noise.</summary>
    [Range(0.0, 1.0)]
    public double MinLineConfidence { get; set; } = 0.5;

    /// <summary>Threads ONNX Runtime uses inside one model run.</summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Engines (model pairs) in the worker's pool, i.e. pages recognised at once. Each holds its own sessions.</summary>
    [Range(1, 64)]
    public int Engines { get; set; } = 1;

    /// <summary>
    /// Folder where ONNX Runtime writes each model after graph optimisation, and loads it from on later starts; unset
    /// loads and optimises the original models every start.
    /// </summary>
    public string? OptimizedModelDirectory { get; set; }

    /// <summary>Map the dictionary's look-alike punctuation (curly quotes, full-width forms, long dashes) to ASCII.</summary>
    public bool NormaliseConfusables { get; set; } = true;
}
