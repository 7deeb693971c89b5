using System.ComponentModel.DataAnnotations;

namespace Fleet.Ingest.Api;

public sealed class IngestApiOptions
{
    public const string Section = "Fleet:Api";

    /// <summary>A bucket the readiness check probes: a folder path in the embedded mode, a bucket name with S3.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ReadinessBucket { get; set; } = ".";
}
