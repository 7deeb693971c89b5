using System.ComponentModel.DataAnnotations;

namespace Fleet.Orchestrator;

public sealed class OrchestratorOptions
{
    public const string Section = "Fleet:Orchestrator";

    /// <summary>Documents of one batch in flight at once; the rest wait (back-pressure on workers and memory).</summary>
    [Range(1, 10_000)]
    public int MaxActiveDocuments { get; set; } = 8;
}
