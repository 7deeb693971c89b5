namespace Fleet.Contracts;

/// <summary>
/// Per-batch choices a user makes when submitting: render resolution, text layer or OCR, pages per chunk, and
/// whether to process again files whose results are already stored (<paramref name="Rerun"/>; by default a file with
/// the same content, DPI and mode as one done before reuses that result), and which files each document gets
/// (<paramref name="Outputs"/>, by default &lt;name&gt;.txt and &lt;name&gt;.json).
/// </summary>
public sealed record ProcessingOptions(int Dpi = 300, ProcessingMode Mode = ProcessingMode.Auto, int ChunkPages = 8, bool Rerun = false,
    OutputFormats Outputs = OutputFormatNames.Default);
