namespace Fleet.Engine.Ocr;

/// <summary>Where the OCR models run.</summary>
public enum OcrDevice
{
    /// <summary>CUDA when this build has it and a GPU answers, else the CPU (logged).</summary>
    Auto,

    /// <summary>The CPU, even on a GPU machine.</summary>
    Cpu,

    /// <summary>CUDA or fail at start-up: for GPU nodes, where falling back would hide a broken driver.</summary>
    Cuda,
}
