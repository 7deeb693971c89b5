using System.ComponentModel.DataAnnotations;
using ValidationResult = System.ComponentModel.DataAnnotations.ValidationResult;

namespace Fleet.Orchestrator;

public sealed class OrchestratorOptions : IValidatableObject
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

    /// <summary>
    /// Largest input file a batch accepts, checked at listing from the listed size: a bigger one fails there with a
    /// reason, before any worker downloads it. The worker checks its own MaxFileBytes again when it reads the file.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Files the listing remembers to find repeats within a batch: one per distinct size, plus one per file hashed.
    /// Past it, files of sizes not seen yet are not compared (a repeat among them is processed again instead of
    /// reusing the first one's result), so the listing's memory stays bounded whatever the batch size.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxComparedFiles { get; set; } = 200_000;

    /// <summary>Documents written to the batch's ledger per round trip while listing.</summary>
    [Range(1, 100_000)]
    public int ListingPageSize { get; set; } = 1_000;

    /// <summary>A document that makes no progress for this long fails, with a reason naming the state it stalled in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan DocumentDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the orchestrator looks for documents past their deadline; at most the deadline itself.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeadlineSweepInterval > DocumentDeadline)
        {
            yield return new ValidationResult(
                $"{Section}:{nameof(DeadlineSweepInterval)} ({DeadlineSweepInterval}) is longer than {nameof(DocumentDeadline)} ({DocumentDeadline}): stalled documents would wait past their deadline.",
                [nameof(DeadlineSweepInterval)]);
        }
    }
}
