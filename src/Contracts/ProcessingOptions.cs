namespace Fleet.Contracts;

/// <summary>Per-batch choices a user makes when submitting: render resolution, text layer or OCR, pages per chunk.</summary>
public sealed record ProcessingOptions(int Dpi = 300, ProcessingMode Mode = ProcessingMode.Auto, int ChunkPages = 8);
