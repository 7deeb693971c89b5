namespace Fleet.Engine.Ocr;

/// <summary>The arithmetic the recogniser's backbone runs in on the CPU.</summary>
public enum OcrPrecision
{
    Int8,
    Float32,
}
