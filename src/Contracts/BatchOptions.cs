namespace Fleet.Contracts;

/// <summary>Per-batch choices a user makes when submitting.</summary>
public sealed record BatchOptions(int Dpi = 300, ProcessingMode Mode = ProcessingMode.Auto, int ChunkPages = 8);
