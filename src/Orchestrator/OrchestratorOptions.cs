using System.ComponentModel.DataAnnotations;

namespace Fleet.Orchestrator;

public sealed class OrchestratorOptions
{
    public const string Section = "Fleet:Orchestrator";

    /// <summary>Documents of one batch in flight at once; the rest wait (back-pressure on workers and memory).</summary>
    [Range(1, 10_000)]
    public int MaxActiveDocuments { get; set; } = 8;

    /// <summary>
    /// Largest file hashed at listing to find repeats within a batch (only files sharing a size are read). Bigger ones
    /// are not compared: reading them whole would cost the orchestrator their size in memory. The default matches the
    /// worker's MaxFileBytes, above which a file fails at inspection anyway.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxHashBytes { get; set; } = 512L * 1024 * 1024;
}
