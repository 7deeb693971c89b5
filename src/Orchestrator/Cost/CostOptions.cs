using System.ComponentModel.DataAnnotations;

namespace Fleet.Orchestrator.Cost;

/// <summary>
/// The price table behind the manifest's <c>cost</c> (<c>Fleet:Cost</c>). The default is an AWS c7i.xlarge (4 vCPUs,
/// on-demand Linux in us-east-1, USD 0.1785 an hour as listed in 2026): a CPU worker like the ones Fleet is measured on.
/// For a GPU pool set <see cref="Gpus"/> (a g4dn.xlarge: USD 0.526 an hour, 1 GPU) and a second counts as one GPU's.
/// </summary>
public sealed class CostOptions
{
    public const string Section = "Fleet:Cost";

    [Required(AllowEmptyStrings = false)]
    public string InstanceType { get; set; } = "c7i.xlarge";

    /// <summary>What one instance costs an hour, in <see cref="Currency"/>.</summary>
    [Range(0, 100_000)]
    public double InstanceHourlyPrice { get; set; } = 0.1785;

    [Required(AllowEmptyStrings = false)]
    public string Currency { get; set; } = "USD";

    /// <summary>The instance's cores (vCPUs): a worker second on a CPU instance costs the hourly price / 3600 / cores.</summary>
    [Range(1, 4096)]
    public int Cores { get; set; } = 4;

    /// <summary>The instance's GPUs; when above 0 a second costs the hourly price / 3600 / GPUs (one chunk runs per GPU).</summary>
    [Range(0, 64)]
    public int Gpus { get; set; }

    public double PerComputeSecond => InstanceHourlyPrice / 3600 / (Gpus > 0 ? Gpus : Cores);
}
